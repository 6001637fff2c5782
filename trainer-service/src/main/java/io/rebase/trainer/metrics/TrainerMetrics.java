package io.rebase.trainer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.rebase.trainer.expiry.TaskStateExpiry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The trainer's Micrometer meters: {@code rebase_trainer_examples_received_total}, {@code _stored_total},
 * {@code _duplicates_total}, {@code _malformed_total}, {@code rebase_trainer_steps_total{task}}, and per-task gauges
 * {@code rebase_trainer_loss}, {@code rebase_trainer_eval_score}, {@code rebase_trainer_examples_per_second}. A task's
 * meters are removed {@code state-expiry} after it ended ({@link TaskStateExpiry}), so the metrics endpoint does not
 * grow with every task ever run.
 */
@ApplicationScoped
public class TrainerMetrics {

    /** The meters tagged with a task. */
    static final List<String> TASK_METERS = List.of("rebase.trainer.steps", "rebase.trainer.loss",
            "rebase.trainer.eval.score", "rebase.trainer.examples.per.second");

    private final MeterRegistry registry;
    private final Counter received;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter malformed;
    private final Counter parked;
    private final java.util.concurrent.atomic.AtomicInteger openSessions = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    public TrainerMetrics(MeterRegistry registry, TaskStateExpiry expiry) {
        this.registry = registry;
        expiry.onExpiry(this::forget);
        this.received = Counter.builder("rebase.trainer.examples.received").description("training example records consumed").register(registry);
        this.stored = Counter.builder("rebase.trainer.examples.stored").description("new training examples stored").register(registry);
        this.duplicates = Counter.builder("rebase.trainer.examples.duplicates").description("duplicate examples ignored").register(registry);
        this.malformed = Counter.builder("rebase.trainer.examples.malformed").description("malformed records dead-lettered").register(registry);
        this.parked = Counter.builder("rebase.trainer.sessions.parked")
                .description("idle sessions parked in their checkpoint to make room for a queued task").register(registry);
        io.micrometer.core.instrument.Gauge.builder("rebase.trainer.sessions.open", openSessions, java.util.concurrent.atomic.AtomicInteger::get)
                .description("students held in memory").register(registry);
    }

    public void received(int n) {
        received.increment(n);
    }

    public void examplesStored(int n) {
        stored.increment(n);
    }

    public void duplicates(int n) {
        duplicates.increment(n);
    }

    public void malformed() {
        malformed.increment();
    }

    /** Reports the number of open training sessions (students in memory). */
    public void openSessions(int count) {
        openSessions.set(count);
    }

    /** Counts idle sessions parked in their checkpoint to make room for a queued task. */
    public void sessionParked() {
        parked.increment();
    }

    /** Counts tasks ended by a user's cancel. */
    public void cancelled() {
        registry.counter("rebase.trainer.tasks.cancelled").increment();
    }

    /** Counts optimiser steps of a task. */
    public void steps(String taskId, int n) {
        registry.counter("rebase.trainer.steps", Tags.of("task", taskId)).increment(n);
    }

    public void loss(String taskId, double value) {
        gauge("rebase.trainer.loss", taskId, value);
    }

    public void evalScore(String taskId, String metric, double value) {
        gauge("rebase.trainer.eval.score", taskId, value);
    }

    public void examplesPerSecond(String taskId, double value) {
        gauge("rebase.trainer.examples.per.second", taskId, value);
    }

    /** Removes the meters tagged with {@code taskId}. */
    public void forget(String taskId) {
        for (String name : TASK_METERS) {
            registry.find(name).tag("task", taskId).meters().forEach(registry::remove);
            gauges.remove(name + "|" + taskId);
        }
    }

    private void gauge(String name, String taskId, double value) {
        AtomicLong holder = gauges.computeIfAbsent(name + "|" + taskId, k -> {
            AtomicLong h = new AtomicLong(Double.doubleToLongBits(Double.NaN));
            registry.gauge(name, Tags.of("task", taskId), h, a -> Double.longBitsToDouble(a.get()));
            return h;
        });
        holder.set(Double.doubleToLongBits(value));
    }
}
