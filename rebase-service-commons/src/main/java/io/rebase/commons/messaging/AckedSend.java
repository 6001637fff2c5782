package io.rebase.commons.messaging;

import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.TracingMetadata;
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

    /**
     * Sends {@code payload} with the given Kafka metadata (key, headers), as a child of the current trace context: the
     * record's {@code traceparent} header continues the trace of the work that sent it.
     */
    public static <T> CompletableFuture<Void> send(Emitter<T> emitter, T payload, OutgoingKafkaRecordMetadata<?> metadata) {
        return send(emitter, payload, metadata, Context.current());
    }

    /** Sends {@code payload} with the given Kafka metadata, as a child of {@code trace}. */
    public static <T> CompletableFuture<Void> send(Emitter<T> emitter, T payload, OutgoingKafkaRecordMetadata<?> metadata,
                                                   Context trace) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        // Explicit, not left to the emitter's tracing decorator: the emitter may hand the message to the Kafka sink on
        // another thread, where the sender's context is no longer current.
        emitter.send(Message.of(payload).addMetadata(metadata).addMetadata(TracingMetadata.withCurrent(trace))
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
