package io.rebase.retriever.retrieval;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.rebase.commons.messaging.TaskEventPublisher;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskRequest;
import io.rebase.retriever.domain.SelectionEntity;
import io.rebase.retriever.messaging.TaskRequestHandler;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeUnit;

/**
 * Retrieves the candidate rows of each accepted task, stores the selection (for {@code GET
 * /tasks/{id}/candidates}) and publishes it. A task that finds no row, or whose retrieval fails, gets a FAILED
 * event with the reason.
 */
@ApplicationScoped
public class RetrievalHandler implements TaskRequestHandler {

    private static final Logger LOG = Logger.getLogger(RetrievalHandler.class);

    private final RetrievalService retrieval;
    private final CandidatePublisher publisher;
    private final TaskEventPublisher events;

    public RetrievalHandler(RetrievalService retrieval, CandidatePublisher publisher, TaskEventPublisher events) {
        this.retrieval = retrieval;
        this.publisher = publisher;
        this.events = events;
    }

    @Override
    public void handle(TaskRequest request) {
        SelectionEntity earlier = QuarkusTransaction.requiringNew().call(() -> SelectionEntity.findById(request.taskId()));
        if (earlier != null && earlier.publishedAt != null) {
            // A redelivered request (crash before the offset commit) or one resubmitted under the same id: its rows
            // are out already, and publishing them again would make the transformer (and an LLM) do them twice.
            LOG.warnf("task %s was retrieved and published at %s: repeated request ignored (submit under a new taskId to run again)",
                    request.taskId(), earlier.publishedAt);
            return;
        }
        RetrievalService.Result result;
        try {
            result = retrieval.retrieve(request, false);
        } catch (RuntimeException e) {
            LOG.errorf(e, "retrieval of task %s failed", request.taskId());
            fail(request, "retrieval failed: " + e.getMessage());
            throw e;
        }
        if (result.selection().rows().isEmpty()) {
            fail(request, result.selection().candidatesScored() == 0
                    ? "no candidate rows: the datastore is empty (ingest datasets with POST /datasets)"
                    : "no candidate rows left after exclusion, decontamination and de-duplication");
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            SelectionEntity e = SelectionEntity.findById(request.taskId());
            if (e == null) {
                e = new SelectionEntity();
                e.taskId = request.taskId();
                e.persist();
            }
            e.createdAt = result.selection().createdAt();
            e.rowCount = result.selection().rows().size();
            e.json = Json.write(result.selection());
        });
        try {
            publisher.publish(request, result);
        } catch (Exception e) {
            fail(request, "publishing candidate rows failed: " + e.getMessage());
            throw new IllegalStateException("cannot publish the candidate rows of " + request.taskId(), e);
        }
        QuarkusTransaction.requiringNew().run(() -> SelectionEntity.<SelectionEntity>findById(request.taskId()).publishedAt = java.time.Instant.now());
    }

    private void fail(TaskRequest request, String reason) {
        try {
            events.publish(TaskEvent.failed(request.taskId(), events.source(), null, reason)).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.errorf(e, "cannot publish FAILED for %s", request.taskId());
        }
    }
}
