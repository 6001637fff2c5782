package io.rebase.retriever.registry;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.rebase.contracts.Json;
import io.rebase.retriever.domain.ConfigEntity;
import io.rebase.retriever.domain.RowEntity;
import io.rebase.retriever.domain.SelectionEntity;
import io.rebase.retriever.retrieval.Vectors;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@link Registry} on the Panache entities of {@code domain}: every call runs in a transaction of its own. */
@ApplicationScoped
public class PanacheRegistry implements Registry {

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
}
