package io.rebase.retriever.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rebase.retriever.config.RetrieverConfig;
import io.rebase.retriever.embedding.Embedder;
import io.rebase.retriever.registry.IngestRegistry;
import io.rebase.retriever.store.VectorStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Ingests dataset folders into the vector store (one point per non-empty content cell) and the registry (row
 * payloads, per-config checkpoints), one ingest at a time on a single worker thread; a second thread writes the index
 * while the worker embeds the next batch. Idempotent and resumable: see {@link DatasetIngest} and {@link ConfigIngest}.
 */
@ApplicationScoped
public class IngestScheduler {

    private static final Logger LOG = Logger.getLogger(IngestScheduler.class);

    private final RetrieverConfig config;
    private final DatastoreRoot root;
    private final EmbeddingCache embeddings;
    private final IngestMetrics metrics;
    private final DatasetIngest datasets;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "ingest"));
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "ingest-writer"));

    public IngestScheduler(RetrieverConfig config, VectorStore store, Embedder embedder, IngestRegistry registry, MeterRegistry meters) {
        this.config = config;
        this.root = new DatastoreRoot(Path.of(config.datastoreRoot()));
        this.embeddings = new EmbeddingCache(embedder, config.embeddingCacheEntries());
        this.metrics = new IngestMetrics(meters, store);
        ConfigIngest.Parts parts = new ConfigIngest.Parts(config.maxRowsPerConfig(), config.batchRows(), config.checkpointRows(),
                new CellText(config.skipColumns(), config.maxCellChars()), embeddings, store, registry, metrics, writer);
        this.datasets = new DatasetIngest(parts, embedder);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.ingestOnStart()) {
            try {
                List<String> names = schedule(config.ingestOnStartPath());
                LOG.infof("ingesting %d dataset(s) from %s at start", names.size(), root.path());
            } catch (Exception e) {
                LOG.errorf("cannot ingest '%s' at start: %s", config.ingestOnStartPath(), e.getMessage());
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
        writer.shutdown();
    }

    /** The datastore root. */
    public DatastoreRoot root() {
        return root;
    }

    /**
     * Schedules the ingest of {@code path} (a dataset folder relative to the root, or {@code *}) and returns the
     * dataset folder names it covers.
     */
    public List<String> schedule(String path) throws NoSuchFileException {
        List<Path> folders = root.resolve(path);
        worker.submit(() -> run(folders));
        return folders.stream().map(f -> f.getFileName().toString()).toList();
    }

    /** Ingests {@code path} and waits for the end. */
    public IngestStats ingestNow(String path) throws NoSuchFileException, InterruptedException {
        List<Path> folders = root.resolve(path);
        Future<IngestStats> done = worker.submit(() -> run(folders));
        try {
            return done.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("ingest of '" + path + "' failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private IngestStats run(List<Path> folders) {
        long start = System.nanoTime();
        long texts0 = embeddings.embeddedTexts();
        long nanos0 = embeddings.embeddingNanos();
        long saved0 = metrics.savedEmbeddings();
        DatasetIngest.Added total = DatasetIngest.Added.NONE;
        for (Path folder : folders) {
            try {
                total = total.plus(datasets.ingest(folder));
            } catch (RuntimeException e) {
                LOG.errorf(e, "ingest of %s failed", folder);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = seconds > 0 ? total.cells() / seconds : 0;
        metrics.lastRate(rate);
        IngestStats stats = new IngestStats(total.rows(), total.cells(), total.skipped(), seconds, rate,
                embeddings.embeddedTexts() - texts0, (embeddings.embeddingNanos() - nanos0) / 1e9, metrics.savedEmbeddings() - saved0);
        LOG.infof("ingest done: %d rows, %d cells, %d skipped in %.1f s (%.0f cells/s); %d model calls, %d saved by repeated texts",
                stats.rows(), stats.cells(), stats.skippedRows(), seconds, rate, stats.embeddedTexts(), stats.savedEmbeddings());
        return stats;
    }
}
