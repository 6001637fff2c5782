package io.rebase.trainer.intake;

import io.rebase.commons.messaging.AckedSend;
import io.rebase.commons.resilience.Outages;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.nio.charset.StandardCharsets;

/**
 * Dead-letters single malformed training-example records with the same headers smallrye's dead-letter queue
 * writes ({@code dead-letter-reason}, {@code -topic}, {@code -partition}, {@code -offset}), so that one bad record
 * in a batch never takes the good ones with it.
 */
@ApplicationScoped
public class DeadLetters {

    private final Emitter<String> emitter;
    private final Outages outages;

    public DeadLetters(@Channel("training-examples-dlq") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
                       Emitter<String> emitter, Outages outages) {
        this.emitter = emitter;
        this.outages = outages;
    }

    /**
     * Sends {@code record} to the dead-letter topic and waits for the broker's acknowledgement, riding out a broker
     * outage of up to {@code rebase.retry.max-wait}; after that it throws, and the batch is not acknowledged.
     */
    public void send(ConsumerRecord<String, String> record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        outages.deliver("dead-lettering the record at offset " + record.offset(), () -> AckedSend.send(emitter,
                record.value() == null ? "" : record.value(),
                OutgoingKafkaRecordMetadata.<String>builder().withKey(record.key()).withHeaders(headers).build()));
    }
}
