package io.rebase.commons.messaging;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletableFuture;

/**
 * Sends a keyed record through an emitter and hands back a future completed by the broker's acknowledgement
 * (or failed by its refusal). Every "publish the outcome, then acknowledge the input" step of the services uses
 * it: that order is what makes a crash lose nothing.
 */
public final class AckedSend {

    private AckedSend() {
    }

    /** Sends {@code payload} with record key {@code key}. */
    public static <T> CompletableFuture<Void> send(Emitter<T> emitter, String key, T payload) {
        return send(emitter, payload, OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }

    /** Sends {@code payload} with the given Kafka metadata (key, headers). */
    public static <T> CompletableFuture<Void> send(Emitter<T> emitter, T payload, OutgoingKafkaRecordMetadata<?> metadata) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        emitter.send(Message.of(payload).addMetadata(metadata)
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return acked;
    }
}
