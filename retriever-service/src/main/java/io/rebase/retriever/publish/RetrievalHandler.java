package io.rebase.retriever.publish;

import io.rebase.commons.events.TaskEvents;
import io.rebase.commons.resilience.Outages;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskRequest;
import io.rebase.retriever.intake.TaskRequestHandler;
import io.rebase.retriever.registry.Registry;
import io.rebase.retriever.registry.TaskEnd;
import io.rebase.retriever.retrieval.Retrieval;
import io.rebase.retriever.retrieval.Selection;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;

/**
 * Retrieves the candidate rows of each accepted task, stores the selection (for {@code GET
 * /tasks/{id}/candidates}) and publishes it. A task that finds no row, or whose retrieval fails, gets a FAILED
 * event with the reason. A task whose selection was published already is not retrieved again; a cancelled task is
 * not retrieved, or its selection not published when the cancel came during the retrieval. Each database call
 * waits out a database outage and each publish a broker outage ({@link Outages}, {@code rebase.retry.*}); every
 * failure that remains, wherever it happens, is announced with FAILED before the request goes to the dead-letter
 * topic (from where {@code replay-dlq} runs it again once the cause is fixed).
 */
@ApplicationScoped
public class RetrievalHandler implements TaskRequestHandler {

    private static final Logger LOG = Logger.getLogger(RetrievalHandler.class);

    private final Retrieval retrieval;
    private final CandidatePublisher publisher;
    private final TaskEvents events;
    private final Registry registry;
    private final Outages outages;

    public RetrievalHandler(Retrieval retrieval, CandidatePublisher publisher, TaskEvents events, Registry registry,
                            Outages outages) {
        this.retrieval = retrieval;
        this.publisher = publisher;
        this.events = events;
        this.registry = registry;
        this.outages = outages;
    }

    @Override
    public void handle(TaskRequest request) {
        try {
            retrieveAndPublish(request);
        } catch (Failed e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "task %s failed", request.taskId());
            fail(request, "retrieval failed: " + e.getMessage());
            throw e;
        }
    }

    private void retrieveAndPublish(TaskRequest request) {
        Optional<Instant> published = outages.retrying("looking up task " + request.taskId(),
                () -> registry.publishedAt(request.taskId()));
        if (published.isPresent()) {
            // A redelivered request (crash before the offset commit) or one resubmitted under the same id: its rows
            // are out already, and publishing them again would make the transformer (and an LLM) do them twice.
            LOG.warnf("task %s was retrieved and published at %s: repeated request ignored (submit under a new taskId to run again)",
                    request.taskId(), published.get());
            return;
        }
        if (cancelled(request.taskId(), "not retrieved")) {
            return;
        }
        Retrieval.Result result = outages.retrying("retrieving task " + request.taskId(),
                () -> retrieval.retrieve(request, false));
        Selection selection = result.selection();
        if (selection.rows().isEmpty()) {
            fail(request, selection.candidatesScored() == 0
                    ? "no candidate rows: the datastore is empty (ingest datasets with POST /datasets)"
                    : "no candidate rows left after exclusion, decontamination and de-duplication");
            return;
        }
        outages.retryingRun("storing the selection of " + request.taskId(), () -> registry.saveSelection(request.taskId(),
                selection.createdAt(), selection.rows().size(), Json.write(selection)));
        if (cancelled(request.taskId(), "its selection is stored but not published")) {
            return;
        }
        try {
            publisher.publish(request, result);
        } catch (Exception e) {
            fail(request, "publishing candidate rows failed: " + e.getMessage());
            throw new Failed(new IllegalStateException("cannot publish the candidate rows of " + request.taskId(), e));
        }
        outages.retryingRun("marking " + request.taskId() + " published",
                () -> registry.markPublished(request.taskId(), Instant.now()));
    }

    /** Whether a user cancelled the task (a cancel may come before its request, or during its retrieval). */
    private boolean cancelled(String taskId, String what) {
        Optional<TaskEnd> end = outages.retrying("looking up the end of " + taskId, () -> registry.taskEnd(taskId));
        if (end.isPresent() && end.get().cancelled()) {
            LOG.infof("task %s was cancelled at %s: %s", taskId, end.get().endedAt(), what);
            return true;
        }
        return false;
    }

    /** A failure already announced with FAILED. */
    private static final class Failed extends RuntimeException {
        Failed(Throwable cause) {
            super(cause);
        }
    }

    private void fail(TaskRequest request, String reason) {
        try {
            outages.deliver("FAILED of " + request.taskId(), () -> events.failed(request.taskId(), null, reason).acked());
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot publish FAILED for %s", request.taskId());
        }
    }
}
