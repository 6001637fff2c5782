package io.rebase.retriever.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/** All settings of the retriever, under {@code rebase.retriever}. */
@ConfigMapping(prefix = "rebase.retriever")
public interface RetrieverConfig {

    /** The folder datasets are ingested from; every ingest path is resolved inside it. */
    @WithDefault("samples/datastore")
    String datastoreRoot();

    /** Where the Lucene index (and other local state) lives. */
    @WithDefault("data/retriever")
    String dataDir();

    /** Ingest {@link #ingestOnStartPath()} when the service starts. */
    @WithDefault("false")
    boolean ingestOnStart();

    /** What to ingest at start: a dataset folder relative to the root, or {@code *} for all. */
    @WithDefault("*")
    String ingestOnStartPath();

    /** Rows per config at most (the reference used 1,000); 0 = all. */
    @WithDefault("1000")
    int maxRowsPerConfig();

    /** Cells longer than this are cut before embedding (about 256 word pieces of English). */
    @WithDefault("1000")
    int maxCellChars();

    /** Columns that carry no content (ids, split names): kept in the row payload, never embedded. */
    @WithDefault("split,id,uid,idx,index,answer_start,guid")
    List<String> skipColumns();

    /**
     * Ingest: vectors of recently embedded texts kept (LRU, keyed by text hash) so that a repeated cell (a label,
     * a passage shared by several questions) costs no model call; 0 = only repeats within one batch are saved.
     */
    @WithDefault("50000")
    int embeddingCacheEntries();

    /** Rows per embedding batch. */
    @WithDefault("64")
    int batchRows();

    /** Rows between two checkpoints (index commit + registry update); a crash loses at most this much work. */
    @WithDefault("1000")
    int checkpointRows();

    Embedding embedding();

    Store store();

    Retrieval retrieval();

    /** The embedding model. */
    interface Embedding {
        /** all-minilm-l6-v2-q (default), all-minilm-l6-v2, bge-small-en-v15, bge-small-en-v15-q or openai. */
        @WithDefault("all-minilm-l6-v2-q")
        String model();

        /** Threads used for in-process embedding; 0 = all cores. */
        @WithDefault("0")
        int threads();

        /** Base URL of an OpenAI-compatible endpoint (model {@code openai}). */
        @WithDefault("https://api.openai.com/v1")
        String openaiBaseUrl();

        /** API key of the OpenAI-compatible endpoint; local servers accept any. */
        Optional<String> openaiApiKey();

        @WithDefault("text-embedding-3-small")
        String openaiModel();

        /** Texts per request to the OpenAI-compatible endpoint. */
        @WithDefault("256")
        int openaiBatchSize();
    }

    /** The vector store. */
    interface Store {
        /** lucene (default), qdrant or memory (exact brute force, not persisted). */
        @WithDefault("lucene")
        String type();

        @WithDefault("localhost")
        String qdrantHost();

        @WithDefault("6334")
        int qdrantPort();

        /** Prefix of the Qdrant collections: one per embedding model, {@code <prefix>_<model>}. */
        @WithDefault("rebase_cells")
        String qdrantCollection();

        Optional<String> qdrantApiKey();

        @WithDefault("false")
        boolean qdrantTls();

        /** Lucene HNSW: neighbours per node. */
        @WithDefault("16")
        int hnswM();

        /** Lucene HNSW: beam width at construction. */
        @WithDefault("100")
        int hnswBeamWidth();
    }

    /** Defaults of the retrieval for a task; a request's RetrievalSettings override the first ones. */
    interface Retrieval {
        @WithDefault("3000")
        int topRows();

        /** Largest fraction of the selection (and of every prefix of its ranking) one dataset may supply. */
        @WithDefault("0.3")
        double maxDatasetShare();

        @WithDefault("1.0")
        double inputWeight();

        @WithDefault("1.0")
        double outputWeight();

        @WithDefault("1.5")
        double descriptionWeight();

        /**
         * Classification: weight of the overlap between the task's labels and the row's config labels (tasks without
         * labels: the penalty of rows of labelled configs). Heavy rather than a light touch, so that rows of configs
         * that carry only part of the task's label set (2-way NLI sets for a 3-way task) do not fill the selection.
         */
        @WithDefault("2.0")
        double labelWeight();

        /** Extractive QA: weight of "the output-like cell is a span of the row's passage". */
        @WithDefault("1.0")
        double extractiveWeight();

        /**
         * Weight of the shape signal: how close the typical length of the columns read as the task's input fields is to
         * the examples', and how often the output column's text occurs in each of them vs the examples (0 = off).
         */
        @WithDefault("1.0")
        double shapeWeight();

        /** Rows whose mean cell vectors have a cosine above this are near-duplicates; the lower-ranked one goes. */
        @WithDefault("0.97")
        double nearDuplicateThreshold();

        /** Approximate neighbours fetched per query vector before grouping to rows. */
        @WithDefault("2000")
        int annK();

        /** The HNSW search explores ann-k x this many candidates and keeps the best ann-k (recall vs latency). */
        @WithDefault("1.0")
        double annEfFactor();

        /**
         * Identical cell texts are ties (equal vectors): a search that finds one of them contributes the first this
         * many rows per dataset holding that text, in a fixed hash order, instead of whichever copies it happened to
         * return, so ANN and exact search yield the same candidates.
         */
        @WithDefault("1000")
        int tieExpansionMax();

        /** Candidates also come from this many datasets whose description best matches the instruction. */
        @WithDefault("8")
        int descriptionDatasets();

        /** Cells fetched per such dataset. */
        @WithDefault("1000")
        int descriptionK();

        /** Word n-gram length of the decontamination check. */
        @WithDefault("8")
        int decontaminationNgram();

        /** Search exactly (brute force) instead of the ANN index; for recall checks. */
        @WithDefault("false")
        boolean exact();

        /**
         * Classification tasks: each of the task's labels gets at most an equal share of the selection while rows of
         * other labels remain (see {@code LabelQuotas}); off = the top rows whatever their labels.
         */
        @WithDefault("true")
        boolean labelBalance();

        /**
         * Classification tasks: what becomes of rows of labelled configs none of whose labels is one of the task's
         * (by name or synonym; subjective/objective rows for a positive/negative task). {@code skip}: they are not
         * selected, as long as some config does share a label, because the offline mapping transformer can only reject
         * them. {@code keep}: they compete on their scores like any row; set it when the transformers run an LLM, which
         * relabels them. A task's {@code transform.mode} decides for itself: {@code llm} keeps, {@code mapping} skips.
         */
        @WithDefault("skip")
        ForeignLabels foreignLabels();

        /**
         * ANN searches (with config description vectors) run in the background at start, after the column profiles
         * are sampled, so that the first task does not pay for a cold index; 0 = no warm-up.
         */
        @WithDefault("4")
        int warmUpSearches();
    }

    /** What the selection does with rows whose config labels are none of a classification task's. */
    enum ForeignLabels {
        /** Not selected (the offline mapping transformer rejects them). */
        SKIP,
        /** Selected on their scores (an LLM transformer relabels them). */
        KEEP
    }
}
