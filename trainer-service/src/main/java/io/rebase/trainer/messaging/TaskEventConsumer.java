package io.rebase.trainer.messaging;

import io.rebase.commons.messaging.TaskEventPublisher;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEvent;
import io.rebase.trainer.domain.AccountedRow;
import io.rebase.trainer.service.StreamLedger;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the task-events feed for what decides a stream's completeness: RETRIEVED counts, rejected and
 * dead-lettered rows, and FAILED tasks. The trainer's own events are skipped.
 */
@ApplicationScoped
public class TaskEventConsumer {

    private static final Logger LOG = Logger.getLogger(TaskEventConsumer.class);

    private final StreamLedger ledger;
    private final String self;

    public TaskEventConsumer(StreamLedger ledger, TaskEventPublisher publisher) {
        this.ledger = ledger;
        this.self = publisher.source();
    }

    @Incoming("task-events-in")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        TaskEvent event;
        try {
            event = Json.read(record.value(), TaskEvent.class);
        } catch (RuntimeException e) {
            LOG.warnf("ignoring unreadable task event at offset %d: %s", record.offset(), e.getMessage());
            return;
        }
        if (event == null || event.type() == null || event.taskId() == null || self.equals(event.source())) {
            return;
        }
        switch (event.type()) {
            case RETRIEVED -> ledger.retrieved(event.taskId(), event.count() == null ? 0 : event.count(), event.details());
            case ROW_REJECTED -> rowOutcome(event, AccountedRow.Outcome.REJECTED);
            case ROW_DEAD_LETTERED -> rowOutcome(event, AccountedRow.Outcome.DEAD_LETTERED);
            case FAILED -> ledger.upstreamFailed(event.taskId(), event.source() + ": " + event.message());
            case TRANSFORM_PROGRESS -> ledger.touch(event.taskId());
            default -> {
            }
        }
    }

    private void rowOutcome(TaskEvent event, AccountedRow.Outcome outcome) {
        if (event.rowId() == null) {
            LOG.warnf("%s event for task %s without rowId ignored", event.type(), event.taskId());
            return;
        }
        ledger.rowOutcome(event.taskId(), event.rowId(), outcome);
    }
}
