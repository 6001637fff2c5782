package io.rebase.retriever.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.rebase.retriever.store.VectorStore;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The ingest's meters: rows, cells and skipped rows per dataset, saved embeddings, the last run's rate, the store's size. */
final class IngestMetrics {

    private final MeterRegistry registry;
    private final Counter savedCounter;
    private final AtomicLong savedEmbeddings = new AtomicLong();
    private final AtomicReference<Double> lastRate = new AtomicReference<>(0.0);

    IngestMetrics(MeterRegistry registry, VectorStore store) {
        this.registry = registry;
        this.savedCounter = Counter.builder("rebase.ingest.embeddings.saved")
                .description("cells whose vector came from an earlier identical text (batch or cache) instead of a model call")
                .register(registry);
        registry.gauge("rebase.ingest.cells.per.second", lastRate, AtomicReference::get);
        registry.gauge("rebase.datastore.cells", store, VectorStore::count);
    }

    Counter rows(String dataset) {
        return registry.counter("rebase.rows.ingested", "dataset", dataset);
    }

    Counter cells(String dataset) {
        return registry.counter("rebase.cells.ingested", "dataset", dataset);
    }

    Counter skipped(String dataset) {
        return registry.counter("rebase.rows.skipped", "dataset", dataset);
    }

    /** Counts {@code cells} cells whose vector needed no model call. */
    void saved(long cells) {
        savedEmbeddings.addAndGet(cells);
        savedCounter.increment(cells);
    }

    long savedEmbeddings() {
        return savedEmbeddings.get();
    }

    void lastRate(double cellsPerSecond) {
        lastRate.set(cellsPerSecond);
    }
}
