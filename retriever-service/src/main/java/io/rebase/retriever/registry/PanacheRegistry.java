package io.rebase.retriever.registry;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEventType;
import io.rebase.retriever.domain.ConfigEntity;
import io.rebase.retriever.domain.DatasetEntity;
import io.rebase.retriever.domain.IngestStatus;
import io.rebase.retriever.domain.RowEntity;
import io.rebase.retriever.domain.SelectionEntity;
import io.rebase.retriever.domain.TaskEndEntity;
import io.rebase.retriever.retrieval.Vectors;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@link Registry} and {@link IngestRegistry} on the Panache entities of {@code domain}: every call runs in a
 * transaction of its own, and no other class opens one.
 */
@ApplicationScoped
public class PanacheRegistry implements Registry, IngestRegistry {

    @Override
    public List<RegisteredConfig> configs() {
        return QuarkusTransaction.requiringNew().call(() -> ConfigEntity.<ConfigEntity>listAll().stream()
                .map(c -> new RegisteredConfig(c.id, c.dataset, c.labelList(), Vectors.fromBytes(c.descriptionVector),
                        c.embeddingModel, c.nextRecord, c.fileHash))
                .toList());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, String>> payloads(Collection<String> rowIds) {
        List<String> ids = List.copyOf(rowIds);
        List<RowEntity> rows = QuarkusTransaction.requiringNew().call(() -> RowEntity.list("rowId in ?1", ids));
        Map<String, Map<String, String>> out = new HashMap<>();
        rows.forEach(r -> out.put(r.rowId, Json.read(r.cells, Map.class)));
        return out;
    }

    @Override
    public Optional<Instant> publishedAt(String taskId) {
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(SelectionEntity.<SelectionEntity>findById(taskId))
                .map(s -> s.publishedAt));
    }

    @Override
    public void saveSelection(String taskId, Instant createdAt, int rowCount, String json) {
        QuarkusTransaction.requiringNew().run(() -> {
            SelectionEntity e = SelectionEntity.findById(taskId);
            if (e == null) {
                e = new SelectionEntity();
                e.taskId = taskId;
                e.persist();
            }
            e.createdAt = createdAt;
            e.rowCount = rowCount;
            e.json = json;
        });
    }

    @Override
    public void markPublished(String taskId, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> SelectionEntity.<SelectionEntity>findById(taskId).publishedAt = at);
    }

    @Override
    public Optional<String> selectionJson(String taskId) {
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(SelectionEntity.<SelectionEntity>findById(taskId))
                .map(s -> s.json));
    }

    @Override
    public Optional<TaskEnd> taskEnd(String taskId) {
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(TaskEndEntity.<TaskEndEntity>findById(taskId))
                .map(e -> end(e, false)));
    }

    @Override
    public TaskEnd recordEnd(String taskId, TaskEventType outcome, Instant at, Instant announcedAt) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                TaskEndEntity e = TaskEndEntity.findById(taskId);
                if (e != null) {
                    return end(e, false);
                }
                e = new TaskEndEntity();
                e.taskId = taskId;
                e.outcome = outcome.name();
                e.endedAt = at;
                e.announcedAt = announcedAt;
                e.persist();
                return end(e, true);
            });
        } catch (RuntimeException e) {
            // another thread or replica recorded an end at the same moment (primary key): that one wins
            return taskEnd(taskId).orElseThrow(() -> e);
        }
    }

    @Override
    public void markEndAnnounced(String taskId, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> TaskEndEntity.<TaskEndEntity>findById(taskId).announcedAt = at);
    }

    private static TaskEnd end(TaskEndEntity e, boolean recorded) {
        return new TaskEnd(e.taskId, TaskEventType.valueOf(e.outcome), e.endedAt, e.announcedAt, recorded);
    }

    @Override
    public List<DatasetView> datasets() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<ConfigEntity> configs = ConfigEntity.listAll();
            return DatasetEntity.<DatasetEntity>listAll().stream()
                    .sorted(Comparator.comparing(d -> d.name))
                    .map(d -> DatasetView.of(d, configs.stream().filter(c -> d.name.equals(c.dataset))
                            .sorted(Comparator.comparing(c -> c.name)).toList()))
                    .toList();
        });
    }

    @Override
    public Optional<DatasetView> dataset(String name) {
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(DatasetEntity.<DatasetEntity>findById(name))
                .map(d -> DatasetView.of(d, ConfigEntity.list("dataset", name))));
    }

    @Override
    public void datasetUnreadable(String folder, String error) {
        updateDataset(folder, d -> {
            d.status = IngestStatus.FAILED;
            d.lastError = error;
            d.path = folder;
        });
    }

    @Override
    public void datasetStarted(String name, String description, String taskType, String folder, boolean cardInferred) {
        updateDataset(name, d -> {
            d.description = description;
            d.taskType = taskType;
            d.path = folder;
            d.cardInferred = cardInferred;
            d.status = IngestStatus.INGESTING;
        });
    }

    @Override
    public void datasetFinished(String name, boolean noConfigs, boolean failed, boolean errors, String noDataError) {
        QuarkusTransaction.requiringNew().run(() -> {
            DatasetEntity d = DatasetEntity.findById(name);
            List<ConfigEntity> configs = ConfigEntity.list("dataset", name);
            d.rows = configs.stream().mapToLong(c -> c.rows).sum();
            d.cells = configs.stream().mapToLong(c -> c.cells).sum();
            d.skippedRows = configs.stream().mapToLong(c -> c.skippedRows).sum();
            d.status = noConfigs || failed ? IngestStatus.FAILED : errors ? IngestStatus.DONE_WITH_ERRORS : IngestStatus.DONE;
            if (noConfigs) {
                d.lastError = noDataError;
            }
            d.updatedAt = Instant.now();
        });
    }

    @Override
    public Optional<ConfigState> config(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(ConfigEntity.<ConfigEntity>findById(id))
                .map(PanacheRegistry::state));
    }

    @Override
    public void configFailed(ConfigKey key, String error) {
        saveConfig(key, e -> {
            e.status = IngestStatus.FAILED;
            e.errors = error;
        });
    }

    @Override
    public ConfigState startConfig(ConfigKey key, boolean reset, String model, String fileHash, int cap, Supplier<byte[]> description) {
        return saveConfig(key, e -> {
            if (reset || e.fileHash == null) {
                e.nextRecord = 0;
                e.rows = 0;
                e.cells = 0;
                e.skippedRows = 0;
                e.errors = null;
                e.descriptionVector = null;
            }
            e.embeddingModel = model;
            e.fileHash = fileHash;
            e.maxRows = cap;
            e.complete = false;
            e.endOfFile = false;
            e.status = IngestStatus.INGESTING;
            if (e.descriptionVector == null) {
                e.descriptionVector = description.get();
            }
        });
    }

    @Override
    public void deleteRows(String dataset, String config) {
        QuarkusTransaction.requiringNew().run(() -> RowEntity.delete("dataset = ?1 and config = ?2", dataset, config));
    }

    @Override
    public void checkpoint(String id, List<StoredRow> rows, Checkpoint checkpoint) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (StoredRow r : rows) {
                RowEntity entity = new RowEntity();
                entity.rowId = r.rowId();
                entity.dataset = r.dataset();
                entity.config = r.config();
                entity.rowIndex = r.rowIndex();
                entity.cells = r.cellsJson();
                entity.persist();
            }
            ConfigEntity e = ConfigEntity.findById(id);
            e.nextRecord = checkpoint.nextRecord();
            e.rows = checkpoint.rows();
            e.cells = checkpoint.cells();
            e.skippedRows = checkpoint.skippedRows();
            e.errors = checkpoint.errors();
            e.complete = checkpoint.complete();
            e.endOfFile = checkpoint.endOfFile();
            e.status = checkpoint.status();
            e.updatedAt = Instant.now();
        });
    }

    @Override
    public void configRunFailed(String id, String errors) {
        QuarkusTransaction.requiringNew().run(() -> {
            ConfigEntity e = ConfigEntity.findById(id);
            e.status = IngestStatus.FAILED;
            e.errors = errors;
            e.updatedAt = Instant.now();
        });
    }

    private ConfigState saveConfig(ConfigKey key, Consumer<ConfigEntity> change) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ConfigEntity e = ConfigEntity.findById(key.id());
            if (e == null) {
                e = new ConfigEntity();
                e.id = key.id();
                e.persist();
            }
            e.dataset = key.dataset();
            e.name = key.name();
            e.file = key.file();
            e.description = key.description();
            e.labels = String.join("\n", key.labels());
            e.updatedAt = Instant.now();
            change.accept(e);
            return state(e);
        });
    }

    private void updateDataset(String name, Consumer<DatasetEntity> change) {
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

    private static ConfigState state(ConfigEntity e) {
        return new ConfigState(e.id, e.fileHash, e.embeddingModel, e.maxRows, e.complete, e.endOfFile, e.nextRecord, e.rows,
                e.cells, e.skippedRows, e.errors, e.status);
    }
}
