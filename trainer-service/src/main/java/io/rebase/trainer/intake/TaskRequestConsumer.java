package io.rebase.trainer.intake;

import io.rebase.commons.resilience.Outages;
import io.rebase.commons.tracing.TaskTraces;
import io.rebase.contracts.InvalidTaskRequestException;
import io.rebase.contracts.TaskIds;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskRequestParser;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Learns each task's spec (type, labels, input fields, settings, examples) from {@code task-requests}. Invalid
 * requests are the retriever's to report (FAILED event + dead letter) and are skipped here. The request's trace
 * context becomes the task's until the retriever's REQUESTED event names the trace it continued.
 */
@ApplicationScoped
public class TaskRequestConsumer {

    private static final Logger LOG = Logger.getLogger(TaskRequestConsumer.class);

    private final StreamLedger ledger;
    private final TaskTraces traces;
    private final Outages outages;

    public TaskRequestConsumer(StreamLedger ledger, TaskTraces traces, Outages outages) {
        this.ledger = ledger;
        this.traces = traces;
        this.outages = outages;
    }

    /**
     * Stores the spec; while the database is away it waits and tries again ({@code rebase.retry.*}), and once that
     * time is up the record is not acknowledged: the channel stops ({@code failure-strategy=fail}) and the request is
     * read again after the restart.
     */
    @Incoming("task-requests")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        try {
            outages.retryingRun("storing the task request at offset " + record.offset(), () -> store(record));
        } catch (RuntimeException e) {
            if (outages.isOutage(e)) {
                throw e;
            }
            LOG.warnf(e, "ignoring task request at offset %d that cannot be stored", record.offset());
        }
    }

    private void store(ConsumerRecord<String, String> record) {
        TaskRequest request;
        try {
            request = TaskRequestParser.parse(record.value());
        } catch (InvalidTaskRequestException e) {
            LOG.debugf("skipping invalid task request %s: %s", record.key(), e.getMessage());
            return;
        }
        if (request.taskId() == null) {
            // The retriever names such a task after a valid record key, or invents an id we cannot know.
            String key = record.key();
            if (!TaskIds.isValid(key)) {
                LOG.warnf("task request without taskId or usable key at offset %d: the trainer cannot match its examples",
                        record.offset());
                return;
            }
            request = request.withTaskId(key);
        }
        traces.remember(request.taskId(), false);
        if (ledger.request(request)) {
            LOG.infof("task %s: spec received (%s)", request.taskId(), request.taskType().wireName());
        }
    }
}
