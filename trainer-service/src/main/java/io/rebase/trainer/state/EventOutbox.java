package io.rebase.trainer.state;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEvent;
import io.rebase.trainer.domain.OutboxEvent;
import io.rebase.trainer.training.OutboxStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** The outbox table: events are written by {@link TrainingRepository} with their state change, read and marked here. */
@ApplicationScoped
public class EventOutbox implements OutboxStore {

    @Override
    public List<Pending> pending(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEvent.<OutboxEvent>find("publishedAt is null order by id")
                .page(0, limit).list()).stream()
                .map(o -> new Pending(o.id, Json.read(o.eventJson, TaskEvent.class))).toList();
    }

    @Override
    public void published(long id) {
        QuarkusTransaction.requiringNew().run(() -> OutboxEvent.update("publishedAt = ?1 where id = ?2", Instant.now(), id));
    }
}
