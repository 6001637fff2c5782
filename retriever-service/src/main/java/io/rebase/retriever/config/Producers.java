package io.rebase.retriever.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rebase.retriever.embedding.Embedder;
import io.rebase.retriever.embedding.EmbedderFactory;
import io.rebase.retriever.ingest.CellText;
import io.rebase.retriever.registry.Registry;
import io.rebase.retriever.retrieval.CandidateSearch;
import io.rebase.retriever.retrieval.Retrieval;
import io.rebase.retriever.retrieval.RetrievalDefaults;
import io.rebase.retriever.retrieval.SearchSettings;
import io.rebase.retriever.retrieval.Weights;
import io.rebase.retriever.store.BruteForceVectorStore;
import io.rebase.retriever.store.LuceneVectorStore;
import io.rebase.retriever.store.QdrantVectorStore;
import io.rebase.retriever.store.VectorStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

import java.nio.file.Path;

/** Builds the configured embedding model, vector store and retrieval. */
@ApplicationScoped
public class Producers {

    private static final Logger LOG = Logger.getLogger(Producers.class);

    @Produces
    @ApplicationScoped
    Embedder embedder(RetrieverConfig config) {
        Embedder embedder = EmbedderFactory.create(config.embedding());
        LOG.infof("embedding model: %s (%d dimensions)", embedder.name(), embedder.dimension());
        return embedder;
    }

    @Produces
    @ApplicationScoped
    VectorStore vectorStore(RetrieverConfig config, Embedder embedder) {
        RetrieverConfig.Store s = config.store();
        VectorStore store = switch (s.type().trim().toLowerCase()) {
            case "lucene" -> new LuceneVectorStore(Path.of(config.dataDir(), "lucene-" + embedder.name().replaceAll("[^A-Za-z0-9._-]", "_")),
                    s.hnswM(), s.hnswBeamWidth());
            case "qdrant" -> new QdrantVectorStore(s.qdrantHost(), s.qdrantPort(), s.qdrantTls(), s.qdrantApiKey().orElse(null),
                    QdrantVectorStore.collectionFor(s.qdrantCollection(), embedder.name()), embedder.dimension());
            case "memory" -> new BruteForceVectorStore();
            default -> throw new IllegalArgumentException("unknown vector store '" + s.type() + "', expected lucene, qdrant or memory");
        };
        LOG.infof("vector store: %s, %d cells", s.type(), store.count());
        return store;
    }

    void close(@Disposes VectorStore store) {
        store.close();
    }

    @Produces
    @ApplicationScoped
    CandidateSearch candidateSearch(VectorStore store) {
        return new CandidateSearch(store);
    }

    void close(@Disposes CandidateSearch search) {
        search.close();
    }

    @Produces
    @ApplicationScoped
    Retrieval retrieval(RetrieverConfig config, Embedder embedder, Registry registry, CandidateSearch search, MeterRegistry metrics) {
        Timer latency = Timer.builder("rebase.retrieval.latency").description("time to retrieve and select a task's rows")
                .publishPercentiles(0.5, 0.95).register(metrics);
        return new Retrieval(defaults(config.retrieval()), embedder, registry, new CellText(config.skipColumns(), config.maxCellChars()),
                search, latency);
    }

    static RetrievalDefaults defaults(RetrieverConfig.Retrieval r) {
        return new RetrievalDefaults(r.topRows(), r.maxDatasetShare(),
                new Weights(r.inputWeight(), r.outputWeight(), r.descriptionWeight(), r.labelWeight(), r.extractiveWeight(), r.shapeWeight()),
                r.nearDuplicateThreshold(), r.decontaminationNgram(), r.exact(), r.labelBalance(),
                r.foreignLabels() == RetrieverConfig.ForeignLabels.SKIP,
                new SearchSettings(r.annK(), r.annEfFactor(), r.tieExpansionMax(), r.descriptionDatasets(), r.descriptionK()));
    }
}
