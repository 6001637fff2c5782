package io.rebase.transformer.messaging;

import io.rebase.commons.tracing.TaskTraces;
import io.rebase.transformer.service.CandidateRowProcessor;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code candidate-rows}: up to {@code rebase.transformer.concurrency} rows at once on the
 * {@code transformer-pool} worker pool, unordered. The record is acknowledged when this method returns,
 * i.e. after its outcome was acknowledged by the broker; the throttled commit strategy then commits an
 * offset only once every record before it is acknowledged. A record whose processing throws (its outcome
 * could not be published) is nacked to {@code candidate-rows-dlq} by the failure strategy. The task's trace context
 * (the row's consumer span) is remembered for the events sent later, away from any row (progress).
 */
@ApplicationScoped
public class CandidateRowConsumer {

    private final CandidateRowProcessor processor;
    private final TaskTraces traces;

    public CandidateRowConsumer(CandidateRowProcessor processor, TaskTraces traces) {
        this.processor = processor;
        this.traces = traces;
    }

    @Incoming("candidate-rows")
    @Blocking(value = "transformer-pool", ordered = false)
    public void consume(ConsumerRecord<String, String> record) {
        traces.remember(processor.process(record.key(), record.value()).taskId(), false);
    }
}
