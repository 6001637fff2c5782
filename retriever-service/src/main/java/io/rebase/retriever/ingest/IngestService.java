package io.rebase.retriever.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rebase.contracts.Json;
import io.rebase.retriever.config.RetrieverConfig;
import io.rebase.retriever.domain.ConfigEntity;
import io.rebase.retriever.domain.DatasetEntity;
import io.rebase.retriever.domain.IngestStatus;
import io.rebase.retriever.domain.RowEntity;
import io.rebase.retriever.embedding.Embedder;
import io.rebase.retriever.store.VectorPoint;
import io.rebase.retriever.store.VectorStore;
import io.rebase.retriever.retrieval.Vectors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ingests dataset folders into the vector store (one point per non-empty content cell) and the registry (row
 * payloads, per-config checkpoints). Idempotent: a config whose file is unchanged and complete is skipped, and
 * points have deterministic ids. Resumable: each checkpoint commits the index first, then the rows and the
 * next record number in one transaction, so a restart continues after the last checkpoint. One ingest runs at
 * a time (a single worker thread).
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);
    private static final int MAX_ERRORS_KEPT = 50;

    private final RetrieverConfig config;
    private final VectorStore store;
    private final Embedder embedder;
    private final MeterRegistry metrics;
    private final DatastoreRoot root;
    private final CellText cellText;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "ingest"));
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "ingest-writer"));
    /** Vectors of recently embedded texts by text hash (LRU): a repeated cell costs no model call. */
    private final Map<String, float[]> embeddingCache;
    private final AtomicReference<Double> lastRate = new AtomicReference<>(0.0);
    private final AtomicLong embeddedTexts = new AtomicLong();
    private final AtomicLong embeddingNanos = new AtomicLong();
    private final AtomicLong savedEmbeddings = new AtomicLong();
    private final Counter savedCounter;

    public IngestService(RetrieverConfig config, VectorStore store, Embedder embedder, MeterRegistry metrics) {
        this.config = config;
        this.store = store;
        this.embedder = embedder;
        this.metrics = metrics;
        this.root = new DatastoreRoot(Path.of(config.datastoreRoot()));
        this.cellText = new CellText(config.skipColumns(), config.maxCellChars());
        int cacheEntries = Math.max(0, config.embeddingCacheEntries());
        this.embeddingCache = new LinkedHashMap<>(Math.min(cacheEntries, 65_536) + 16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > cacheEntries;
            }
        };
        this.savedCounter = Counter.builder("rebase.ingest.embeddings.saved")
                .description("cells whose vector came from an earlier identical text (batch or cache) instead of a model call")
                .register(metrics);
        metrics.gauge("rebase.ingest.cells.per.second", lastRate, AtomicReference::get);
        metrics.gauge("rebase.datastore.cells", store, VectorStore::count);
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

    /**
     * The raw rate of the embedding model (texts/s) on up to {@code sample} cells of the ingested rows, with
     * the same batching as the ingest; the yardstick the ingest rate is compared with. The cells are spread
     * evenly over every ingested config (every n-th row, then every m-th cell), so that their length mix is the
     * ingest's: the first rows of one dataset would measure that dataset's text lengths only.
     */
    public double rawEmbeddingRate(int sample) {
        List<String> texts = rateSample(sample);
        if (texts.isEmpty()) {
            return 0;
        }
        embedder.embed(texts.subList(0, Math.min(texts.size(), 64))); // warm-up
        long start = System.nanoTime();
        int batch = config.batchRows() * 4;
        for (int i = 0; i < texts.size(); i += batch) {
            embedder.embed(texts.subList(i, Math.min(texts.size(), i + batch)));
        }
        return texts.size() / ((System.nanoTime() - start) / 1e9);
    }

    /** Up to {@code sample} embeddable cell texts (cut to the model window) spread evenly over the ingested rows. */
    public List<String> rateSample(int sample) {
        List<String> all = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            long stride = Math.max(1, RowEntity.count() / Math.max(1, sample));
            List<RowEntity> rows = RowEntity.<RowEntity>find("mod(rowIndex, ?1) = 0", stride).list();
            for (RowEntity r : rows) {
                @SuppressWarnings("unchecked")
                Map<String, String> cells = Json.read(r.cells, Map.class);
                cellText.embeddable(cells).values().forEach(t -> all.add(cellText.cut(t)));
            }
        });
        List<String> texts = new ArrayList<>();
        double step = Math.max(1.0, all.size() / (double) sample);
        for (double i = 0; i < all.size() && texts.size() < sample; i += step) {
            texts.add(all.get((int) i));
        }
        return texts;
    }

    private IngestStats run(List<Path> folders) {
        long start = System.nanoTime();
        long texts0 = embeddedTexts.get();
        long nanos0 = embeddingNanos.get();
        long saved0 = savedEmbeddings.get();
        long[] totals = new long[3];
        for (Path folder : folders) {
            try {
                long[] t = ingestDataset(folder);
                for (int i = 0; i < 3; i++) {
                    totals[i] += t[i];
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "ingest of %s failed", folder);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = seconds > 0 ? totals[1] / seconds : 0;
        lastRate.set(rate);
        IngestStats stats = new IngestStats(totals[0], totals[1], totals[2], seconds, rate,
                embeddedTexts.get() - texts0, (embeddingNanos.get() - nanos0) / 1e9, savedEmbeddings.get() - saved0);
        LOG.infof("ingest done: %d rows, %d cells, %d skipped in %.1f s (%.0f cells/s); %d model calls, %d saved by repeated texts",
                stats.rows(), stats.cells(), stats.skippedRows(), seconds, rate, stats.embeddedTexts(), stats.savedEmbeddings());
        return stats;
    }

    /** Returns {rows, cells, skipped} added by this run. */
    private long[] ingestDataset(Path folder) {
        String folderName = folder.getFileName().toString();
        DatasetCard card;
        try {
            card = DatasetCard.read(folder);
        } catch (IOException e) {
            updateDataset(folderName, d -> {
                d.status = IngestStatus.FAILED;
                d.lastError = e.getMessage();
                d.path = folderName;
            });
            LOG.errorf("%s", e.getMessage());
            return new long[3];
        }
        updateDataset(card.name(), d -> {
            d.description = card.description();
            d.taskType = card.taskType();
            d.path = folderName;
            d.cardInferred = card.inferred();
            d.status = IngestStatus.INGESTING;
        });
        long[] added = new long[3];
        boolean anyError = false;
        boolean allFailed = !card.configs().isEmpty();
        for (ConfigCard c : card.configs()) {
            ConfigOutcome outcome = ingestConfig(folder, card, c);
            added[0] += outcome.rows;
            added[1] += outcome.cells;
            added[2] += outcome.skipped;
            anyError |= outcome.status != IngestStatus.DONE;
            allFailed &= outcome.status == IngestStatus.FAILED;
        }
        boolean errors = anyError;
        boolean failed = allFailed;
        QuarkusTransaction.requiringNew().run(() -> {
            DatasetEntity d = DatasetEntity.findById(card.name());
            List<ConfigEntity> configs = ConfigEntity.list("dataset", card.name());
            d.rows = configs.stream().mapToLong(c -> c.rows).sum();
            d.cells = configs.stream().mapToLong(c -> c.cells).sum();
            d.skippedRows = configs.stream().mapToLong(c -> c.skippedRows).sum();
            d.status = card.configs().isEmpty() || failed ? IngestStatus.FAILED
                    : errors ? IngestStatus.DONE_WITH_ERRORS : IngestStatus.DONE;
            if (card.configs().isEmpty()) {
                d.lastError = folderName + ": no data file (" + DatasetCard.FORMATS + ") found";
            }
            d.updatedAt = Instant.now();
        });
        return added;
    }

    private record ConfigOutcome(long rows, long cells, long skipped, IngestStatus status) {
    }

    private ConfigOutcome ingestConfig(Path folder, DatasetCard card, ConfigCard c) {
        String id = card.name() + "/" + c.name();
        Path file = folder.resolve(c.file()).normalize();
        if (!file.startsWith(folder) || !Files.isRegularFile(file)) {
            String error = c.file() + ": " + (file.startsWith(folder) ? "file not found" : "outside the dataset folder");
            saveConfig(id, card, c, e -> {
                e.status = IngestStatus.FAILED;
                e.errors = error;
            });
            LOG.errorf("[%s] %s", id, error);
            return new ConfigOutcome(0, 0, 0, IngestStatus.FAILED);
        }
        String hash = sha256(file);
        int cap = config.maxRowsPerConfig();
        ConfigEntity existing = QuarkusTransaction.requiringNew().call(() -> ConfigEntity.findById(id));
        boolean otherModel = existing != null && existing.fileHash != null && !embedder.name().equals(existing.embeddingModel);
        if (existing != null && hash.equals(existing.fileHash) && existing.complete && !otherModel
                && (existing.maxRows == cap || (existing.endOfFile && (cap == 0 || cap >= existing.rows)))) {
            LOG.infof("[%s] unchanged, %d rows already ingested", id, existing.rows);
            return new ConfigOutcome(0, 0, 0, existing.status);
        }
        boolean reset = existing != null && existing.fileHash != null
                && (otherModel || !hash.equals(existing.fileHash) || (cap != 0 && existing.rows > cap));
        if (reset) {
            LOG.infof("[%s] %s: re-ingesting from the start", id, otherModel
                    ? "embedded by " + (existing.embeddingModel == null ? "an unrecorded model" : existing.embeddingModel)
                            + ", not " + embedder.name()
                    : "file or row cap changed");
            store.deleteConfig(card.name(), c.name());
            QuarkusTransaction.requiringNew().run(() -> RowEntity.delete("dataset = ?1 and config = ?2", card.name(), c.name()));
        }
        ConfigEntity state = saveConfig(id, card, c, e -> {
            if (reset || e.fileHash == null) {
                e.nextRecord = 0;
                e.rows = 0;
                e.cells = 0;
                e.skippedRows = 0;
                e.errors = null;
                e.descriptionVector = null;
            }
            e.embeddingModel = embedder.name();
            e.fileHash = hash;
            e.maxRows = cap;
            e.complete = false;
            e.endOfFile = false;
            e.status = IngestStatus.INGESTING;
            if (e.descriptionVector == null) {
                e.descriptionVector = Vectors.toBytes(embedder.embed(descriptionText(card, c)));
            }
        });
        ConfigRun run = new ConfigRun(card, c, file, state);
        try {
            RowReader.read(file, run::accept);
            run.finish();
        } catch (IOException | RuntimeException e) {
            run.fail(e);
            return new ConfigOutcome(run.addedRows, run.addedCells, run.addedSkipped, IngestStatus.FAILED);
        }
        return new ConfigOutcome(run.addedRows, run.addedCells, run.addedSkipped, run.status());
    }

    /** Dataset + task type + config description: what the "description vs instruction" signal compares. */
    static String descriptionText(DatasetCard card, ConfigCard c) {
        StringBuilder s = new StringBuilder(card.description());
        if (!card.taskType().isBlank()) {
            s.append(" Task: ").append(card.taskType()).append('.');
        }
        if (!c.description().isBlank()) {
            s.append(' ').append(c.description());
        }
        return s.toString();
    }

    /** The state of one config's ingest between checkpoints. */
    private final class ConfigRun {
        final DatasetCard card;
        final ConfigCard c;
        final String id;
        final String fileName;
        final int cap = config.maxRowsPerConfig();
        long nextRecord;
        long seen;
        long rows;
        long cells;
        long skipped;
        long addedRows;
        long addedCells;
        long addedSkipped;
        final List<String> errors = new ArrayList<>();
        final List<Map.Entry<Long, Map<String, String>>> batch = new ArrayList<>();
        final List<RowEntity> pendingRows = new ArrayList<>();
        CompletableFuture<Void> pendingWrite = CompletableFuture.completedFuture(null);
        final long startNanos = System.nanoTime();
        boolean capReached;
        final Counter rowsCounter;
        final Counter cellsCounter;
        final Counter skippedCounter;

        ConfigRun(DatasetCard card, ConfigCard c, Path file, ConfigEntity state) {
            this.card = card;
            this.c = c;
            this.id = state.id;
            this.fileName = card.name() + "/" + file.getFileName();
            this.nextRecord = state.nextRecord;
            this.rows = state.rows;
            this.cells = state.cells;
            this.skipped = state.skippedRows;
            if (state.errors != null && !state.errors.isBlank()) {
                errors.addAll(List.of(state.errors.split("\n")));
            }
            rowsCounter = metrics.counter("rebase.rows.ingested", "dataset", card.name());
            cellsCounter = metrics.counter("rebase.cells.ingested", "dataset", card.name());
            skippedCounter = metrics.counter("rebase.rows.skipped", "dataset", card.name());
            if (nextRecord > 0) {
                LOG.infof("[%s] resuming at record %d (%d rows done)", id, nextRecord, rows);
            }
        }

        boolean accept(long ordinal, long line, Map<String, String> row, String error) {
            if (ordinal < nextRecord) {
                return true;
            }
            if (cap > 0 && rows + batch.size() >= cap) {
                capReached = true;
                return false;
            }
            if (error != null) {
                String message = fileName + ":" + line + ": " + error;
                LOG.warnf("[%s] skipped record: %s", id, message);
                if (errors.size() < MAX_ERRORS_KEPT) {
                    errors.add(message);
                }
                skipped++;
                addedSkipped++;
                skippedCounter.increment();
                seen = ordinal + 1;
                return true;
            }
            batch.add(Map.entry(ordinal, row));
            seen = ordinal + 1;
            if (batch.size() >= config.batchRows()) {
                flushBatch();
            }
            if (pendingRows.size() >= config.checkpointRows()) {
                checkpoint(false);
            }
            return true;
        }

        void flushBatch() {
            if (batch.isEmpty()) {
                return;
            }
            List<Map<String, String>> embeddable = new ArrayList<>(batch.size());
            // Each distinct text once: repeats inside the batch share one model call, texts seen in earlier
            // batches come from the cache.
            Map<String, float[]> vectorOf = new HashMap<>();
            Map<String, Integer> uniqueIndex = new HashMap<>();
            List<String> unique = new ArrayList<>();
            List<String> uniqueHashes = new ArrayList<>();
            List<Map<String, String>> hashesOfRows = new ArrayList<>(batch.size());
            for (Map.Entry<Long, Map<String, String>> e : batch) {
                Map<String, String> cellsOfRow = cellText.embeddable(e.getValue());
                embeddable.add(cellsOfRow);
                Map<String, String> hashes = new HashMap<>();
                hashesOfRows.add(hashes);
                for (Map.Entry<String, String> cell : cellsOfRow.entrySet()) {
                    String cut = cellText.cut(cell.getValue());
                    String hash = VectorPoint.textHashOf(cut);
                    hashes.put(cell.getKey(), hash);
                    if (vectorOf.containsKey(hash) || uniqueIndex.containsKey(hash)) {
                        continue;
                    }
                    float[] cached = embeddingCache.get(hash);
                    if (cached != null) {
                        vectorOf.put(hash, cached);
                    } else {
                        uniqueIndex.put(hash, unique.size());
                        unique.add(cut);
                        uniqueHashes.add(hash);
                    }
                }
            }
            long t0 = System.nanoTime();
            List<float[]> vectors = unique.isEmpty() ? List.of() : embedder.embed(unique);
            embeddingNanos.addAndGet(System.nanoTime() - t0);
            embeddedTexts.addAndGet(unique.size());
            for (int i = 0; i < vectors.size(); i++) {
                vectorOf.put(uniqueHashes.get(i), vectors.get(i));
                embeddingCache.put(uniqueHashes.get(i), vectors.get(i));
            }
            List<VectorPoint> points = new ArrayList<>();
            long cellsOfBatch = 0;
            for (int i = 0; i < batch.size(); i++) {
                long rowIndex = batch.get(i).getKey();
                String rowId = io.rebase.contracts.CandidateRow.rowIdOf(card.name(), c.name(), rowIndex);
                Map<String, String> cellsOfRow = embeddable.get(i);
                for (Map.Entry<String, String> cell : cellsOfRow.entrySet()) {
                    String hash = hashesOfRows.get(i).get(cell.getKey());
                    points.add(new VectorPoint(VectorPoint.idOf(card.name(), c.name(), rowIndex, cell.getKey()), rowId,
                            card.name(), c.name(), rowIndex, cell.getKey(), CellText.spanOf(cell.getKey(), cellsOfRow),
                            vectorOf.get(hash), hash));
                }
                cellsOfBatch += cellsOfRow.size();
                RowEntity entity = new RowEntity();
                entity.rowId = rowId;
                entity.dataset = card.name();
                entity.config = c.name();
                entity.rowIndex = rowIndex;
                entity.cells = Json.write(batch.get(i).getValue());
                pendingRows.add(entity);
                cells += cellsOfRow.size();
                addedCells += cellsOfRow.size();
                cellsCounter.increment(cellsOfRow.size());
            }
            long saved = cellsOfBatch - unique.size();
            savedEmbeddings.addAndGet(saved);
            savedCounter.increment(saved);
            rows += batch.size();
            addedRows += batch.size();
            rowsCounter.increment(batch.size());
            batch.clear();
            // The index write of this batch overlaps the embedding of the next one.
            pendingWrite.join();
            pendingWrite = CompletableFuture.runAsync(() -> store.upsert(points), writer);
        }

        void checkpoint(boolean complete) {
            flushBatch();
            // Everything read so far is now ingested or skipped.
            nextRecord = Math.max(nextRecord, seen);
            pendingWrite.join();
            // The index first: a crash between the two leaves points the next run overwrites (same ids),
            // never a checkpoint ahead of the index.
            store.commit();
            List<RowEntity> toSave = new ArrayList<>(pendingRows);
            pendingRows.clear();
            QuarkusTransaction.requiringNew().run(() -> {
                toSave.forEach(r -> r.persist());
                ConfigEntity e = ConfigEntity.findById(id);
                e.nextRecord = nextRecord;
                e.rows = rows;
                e.cells = cells;
                e.skippedRows = skipped;
                e.errors = errors.isEmpty() ? null : String.join("\n", errors);
                e.complete = complete;
                e.endOfFile = complete && !capReached;
                e.status = complete ? (skipped > 0 ? IngestStatus.DONE_WITH_ERRORS : IngestStatus.DONE) : IngestStatus.INGESTING;
                e.updatedAt = Instant.now();
            });
            logProgress(complete);
        }

        void finish() {
            checkpoint(true);
        }

        void fail(Exception failure) {
            String message = fileName + ": " + failure.getMessage();
            LOG.errorf(failure, "[%s] ingest failed", id);
            batch.clear();
            pendingRows.clear();
            try {
                pendingWrite.join();
            } catch (RuntimeException ignored) {
                // the failure being reported already covers it
            }
            QuarkusTransaction.requiringNew().run(() -> {
                ConfigEntity e = ConfigEntity.findById(id);
                e.status = IngestStatus.FAILED;
                e.errors = (errors.isEmpty() ? "" : String.join("\n", errors) + "\n") + message;
                e.updatedAt = Instant.now();
            });
        }

        IngestStatus status() {
            return skipped > 0 ? IngestStatus.DONE_WITH_ERRORS : IngestStatus.DONE;
        }

        void logProgress(boolean complete) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            long target = cap > 0 ? cap : Math.max(rows, 1);
            int width = 30;
            int filled = complete ? width : (int) Math.min(width, width * rows / Math.max(1, target));
            LOG.infof("[%s] [%s%s] %d%s rows, %d cells, %d skipped, %.0f cells/s%s", id, "#".repeat(filled),
                    ".".repeat(width - filled), rows, cap > 0 ? "/" + cap : "", cells, skipped,
                    seconds > 0 ? addedCells / seconds : 0, complete ? " done" : "");
        }
    }

    private ConfigEntity saveConfig(String id, DatasetCard card, ConfigCard c, java.util.function.Consumer<ConfigEntity> change) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ConfigEntity e = ConfigEntity.findById(id);
            if (e == null) {
                e = new ConfigEntity();
                e.id = id;
                e.persist();
            }
            e.dataset = card.name();
            e.name = c.name();
            e.file = c.file();
            e.description = c.description();
            e.labels = String.join("\n", c.labels());
            e.updatedAt = Instant.now();
            change.accept(e);
            return e;
        });
    }

    private void updateDataset(String name, java.util.function.Consumer<DatasetEntity> change) {
        QuarkusTransaction.requiringNew().run(() -> {
            DatasetEntity d = DatasetEntity.findById(name);
            if (d == null) {
                d = new DatasetEntity();
                d.name = name;
                d.persist();
            }
            change.accept(d);
            d.updatedAt = Instant.now();
        });
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
