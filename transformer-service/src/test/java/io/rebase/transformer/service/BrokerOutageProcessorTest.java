package io.rebase.transformer.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rebase.contracts.CandidateRow;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskEvent;
import io.rebase.contracts.TaskExample;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskType;
import io.rebase.contracts.TrainingExample;
import io.rebase.transformer.Samples;
import io.rebase.transformer.domain.Outcome;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A row's outcome across a broker outage: the row is transformed once; an outcome the producer gave up on is sent
 * again, one still in the producer is waited for and not sent twice, and only an outage longer than the publish
 * timeout reaches the caller (which nacks the record to the dead-letter topic).
 */
class BrokerOutageProcessorTest {

    static final TaskRequest TASK = new TaskRequest("outage-task", "Classify the sentiment of a review.",
            TaskType.CLASSIFICATION, List.of("positive", "negative"),
            List.of(new TaskExample(Map.of("sentence", "a wonderful film"), "positive", null)), null, null, null, null);

    private final AtomicInteger transformed = new AtomicInteger();

    private CandidateRowProcessor processor(OutcomePublisher publisher, Duration publishTimeout) {
        RowTransformer rejecting = row -> {
            transformed.incrementAndGet();
            return Outcome.rejected("label-not-in-set", "label 'neutral' is not a task label");
        };
        return new CandidateRowProcessor(rejecting, null, "mapping", publisher,
                new TransformStats(new SimpleMeterRegistry(), "test"), new SimpleMeterRegistry(), publishTimeout);
    }

    private static String row() {
        CandidateRow r = Samples.row(TASK, "rt_polarity", 7, Map.of("text", "fine", "label", "neutral"), null);
        return Json.write(r);
    }

    @Test
    void anOutcomeTheProducerGaveUpOnIsSentAgainAndTheRowIsNotTransformedTwice() {
        AtomicInteger sends = new AtomicInteger();
        processor(events(() -> sends.incrementAndGet() < 3
                ? CompletableFuture.failedFuture(new TimeoutException("Expiring 1 record(s): 30000 ms has passed"))
                : CompletableFuture.completedFuture(null)), Duration.ofSeconds(30)).process("rt_polarity/default/7", row());
        assertThat(sends).hasValue(3);
        assertThat(transformed).hasValue(1);
    }

    @Test
    void anOutcomeStillInTheProducerIsWaitedForNotSentTwice() {
        ScheduledExecutorService broker = Executors.newSingleThreadScheduledExecutor();
        try {
            AtomicInteger sends = new AtomicInteger();
            processor(events(() -> {
                sends.incrementAndGet();
                CompletableFuture<Void> ack = new CompletableFuture<>();
                broker.schedule(() -> ack.complete(null), 1500, TimeUnit.MILLISECONDS);
                return ack;
            }), Duration.ofSeconds(30)).process("rt_polarity/default/7", row());
            assertThat(sends).hasValue(1);
        } finally {
            broker.shutdownNow();
        }
    }

    @Test
    void anOutageLongerThanThePublishTimeoutReachesTheCaller() {
        assertThatThrownBy(() -> processor(events(CompletableFuture::new), Duration.ofMillis(300))
                .process("rt_polarity/default/7", row())).hasMessageContaining("cannot publish the outcome of row rt_polarity/default/7");
        assertThat(transformed).hasValue(1);
    }

    /** A publisher whose events complete as {@code ack} says. */
    private static OutcomePublisher events(java.util.function.Supplier<CompletionStage<Void>> ack) {
        return new OutcomePublisher() {
            @Override
            public CompletionStage<Void> example(TrainingExample example) {
                throw new AssertionError("no example expected");
            }

            @Override
            public CompletionStage<Void> event(TaskEvent event) {
                return ack.get();
            }

            @Override
            public CompletionStage<Void> deadLetter(String key, String value, String reason, String message) {
                throw new AssertionError("no dead letter expected");
            }

            @Override
            public String source() {
                return "transformer-service";
            }
        };
    }
}
