package io.rebase.trainer.intake;

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

    public TaskRequestConsumer(StreamLedger ledger, TaskTraces traces) {
        this.ledger = ledger;
        this.traces = traces;
    }

    @Incoming("task-requests")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
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
