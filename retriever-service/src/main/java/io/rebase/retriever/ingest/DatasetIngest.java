package io.rebase.retriever.ingest;

import io.rebase.retriever.domain.IngestStatus;
import io.rebase.retriever.embedding.Embedder;
import io.rebase.retriever.registry.IngestRegistry;
import io.rebase.retriever.registry.IngestRegistry.ConfigKey;
import io.rebase.retriever.registry.IngestRegistry.ConfigState;
import io.rebase.retriever.retrieval.Vectors;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The ingest of one dataset folder: reads its card, then decides per config whether it is skipped (file and cap
 * unchanged, complete, same embedding model), started again from scratch (file, cap or model changed) or continued from
 * its checkpoint, and runs it ({@link ConfigIngest}).
 */
final class DatasetIngest {

    private static final Logger LOG = Logger.getLogger(DatasetIngest.class);

    /** What a config's run added ({@link #plus}: the counts summed over configs). */
    record Added(long rows, long cells, long skipped, IngestStatus status) {

        static final Added NONE = new Added(0, 0, 0, IngestStatus.DONE);

        Added plus(Added other) {
            return new Added(rows + other.rows, cells + other.cells, skipped + other.skipped, status);
        }
    }

    private final ConfigIngest.Parts parts;
    private final Embedder embedder;

    DatasetIngest(ConfigIngest.Parts parts, Embedder embedder) {
        this.parts = parts;
        this.embedder = embedder;
    }

    private IngestRegistry registry() {
        return parts.registry();
    }

    /** Ingests {@code folder}; returns what it added. A broken card fails this dataset only. */
    Added ingest(Path folder) {
        String folderName = folder.getFileName().toString();
        DatasetCard card;
        try {
            card = DatasetCard.read(folder);
        } catch (IOException e) {
            registry().datasetUnreadable(folderName, e.getMessage());
            LOG.errorf("%s", e.getMessage());
            return Added.NONE;
        }
        registry().datasetStarted(card.name(), card.description(), card.taskType(), folderName, card.inferred());
        Added added = Added.NONE;
        boolean anyError = false;
        boolean allFailed = !card.configs().isEmpty();
        for (ConfigCard c : card.configs()) {
            Added outcome = ingestConfig(folder, card, c);
            added = added.plus(outcome);
            anyError |= outcome.status() != IngestStatus.DONE;
            allFailed &= outcome.status() == IngestStatus.FAILED;
        }
        registry().datasetFinished(card.name(), card.configs().isEmpty(), allFailed, anyError,
                folderName + ": no data file (" + DatasetCard.FORMATS + ") found");
        return added;
    }

    private Added ingestConfig(Path folder, DatasetCard card, ConfigCard c) {
        ConfigKey key = new ConfigKey(card.name() + "/" + c.name(), card.name(), c.name(), c.file(), c.description(), c.labels());
        Path file = folder.resolve(c.file()).normalize();
        String refused = !file.startsWith(folder) ? "outside the dataset folder"
                : !Files.isRegularFile(file) ? "file not found" : null;
        if (refused == null) {
            try {
                // a data file that is a symbolic link is read only when its target is inside the dataset folder too
                file = DatastoreRoot.confine(folder, file, c.file());
            } catch (PathOutsideDatastoreException e) {
                refused = "outside the dataset folder (a symbolic link leading out)";
            } catch (IOException e) {
                refused = "cannot resolve: " + e.getMessage();
            }
        }
        if (refused != null) {
            String error = c.file() + ": " + refused;
            registry().configFailed(key, error);
            LOG.errorf("[%s] %s", key.id(), error);
            return new Added(0, 0, 0, IngestStatus.FAILED);
        }
        String hash = sha256(file);
        int cap = parts.cap();
        Optional<ConfigState> existing = registry().config(key.id());
        boolean ingested = existing.isPresent() && existing.get().fileHash() != null;
        boolean otherModel = ingested && !embedder.name().equals(existing.get().embeddingModel());
        if (existing.isPresent() && unchanged(existing.get(), hash, cap) && !otherModel) {
            LOG.infof("[%s] unchanged, %d rows already ingested", key.id(), existing.get().rows());
            return new Added(0, 0, 0, existing.get().status());
        }
        boolean reset = ingested && (otherModel || !hash.equals(existing.get().fileHash()) || (cap != 0 && existing.get().rows() > cap));
        if (reset) {
            LOG.infof("[%s] %s: re-ingesting from the start", key.id(), otherModel
                    ? "embedded by " + (existing.get().embeddingModel() == null ? "an unrecorded model" : existing.get().embeddingModel())
                            + ", not " + embedder.name()
                    : "file or row cap changed");
            parts.store().deleteConfig(card.name(), c.name());
            registry().deleteRows(card.name(), c.name());
        }
        ConfigState state = registry().startConfig(key, reset, embedder.name(), hash, cap,
                () -> Vectors.toBytes(embedder.embed(descriptionText(card, c))));
        return run(card, c, file, state);
    }

    /** Complete, same file, and ingested under this cap (or read to its end within it). */
    private static boolean unchanged(ConfigState s, String hash, int cap) {
        return hash.equals(s.fileHash()) && s.complete() && (s.maxRows() == cap || (s.endOfFile() && (cap == 0 || cap >= s.rows())));
    }

    private Added run(DatasetCard card, ConfigCard c, Path file, ConfigState state) {
        ConfigIngest run = new ConfigIngest(parts, card.name(), c.name(), file.getFileName().toString(), state);
        try {
            RowReader.read(file, run::accept);
            run.finish();
        } catch (IOException | RuntimeException e) {
            run.fail(e);
            return new Added(run.addedRows(), run.addedCells(), run.addedSkipped(), IngestStatus.FAILED);
        }
        return new Added(run.addedRows(), run.addedCells(), run.addedSkipped(), run.status());
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
