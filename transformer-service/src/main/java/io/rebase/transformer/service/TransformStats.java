package io.rebase.transformer.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.rebase.transformer.domain.Outcome;
import io.rebase.transformer.domain.TaskTotals;
import io.rebase.transformer.domain.Usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * This replica's per-task running totals (for TRANSFORM_PROGRESS events and {@code GET /tasks/{id}/stats})
 * and the service-wide Micrometer counters.
 */
public final class TransformStats {

    private final MeterRegistry registry;
    private final String replica;
    private final Map<String, Totals> tasks = new ConcurrentHashMap<>();

    private static final class Totals {
        final LongAdder transformed = new LongAdder();
        final LongAdder deadLettered = new LongAdder();
        final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
        final LongAdder promptTokens = new LongAdder();
        final LongAdder completionTokens = new LongAdder();
        final DoubleAdder cost = new DoubleAdder();
        final AtomicLong version = new AtomicLong();
        volatile long published;
    }

    public TransformStats(MeterRegistry registry, String replica) {
        this.registry = registry;
        this.replica = replica;
    }

    /** Counts the outcome of one row of {@code taskId} made in {@code mode}. */
    public void record(String taskId, String mode, Outcome outcome) {
        Totals t = taskId == null ? null : tasks.computeIfAbsent(taskId, k -> new Totals());
        if (outcome instanceof Outcome.Transformed) {
            registry.counter("rebase.examples.transformed", "mode", mode).increment();
            if (t != null) {
                t.transformed.increment();
            }
        } else if (outcome instanceof Outcome.Rejected r) {
            registry.counter("rebase.examples.rejected", "reason", r.reason(), "mode", mode).increment();
            if (t != null) {
                t.rejected.computeIfAbsent(r.reason(), k -> new LongAdder()).increment();
            }
        } else if (outcome instanceof Outcome.DeadLettered d) {
            registry.counter("rebase.examples.dead_lettered", "reason", d.reason()).increment();
            if (t != null) {
                t.deadLettered.increment();
            }
        }
        if (t != null) {
            Usage u = outcome.usage();
            t.promptTokens.add(u.promptTokens());
            t.completionTokens.add(u.completionTokens());
            t.cost.add(u.costUsd());
            t.version.incrementAndGet();
        }
    }

    /** The totals of {@code taskId}, or null when this replica saw none of its rows. */
    public TaskTotals totals(String taskId) {
        Totals t = tasks.get(taskId);
        return t == null ? null : snapshot(taskId, t);
    }

    /** The totals of the tasks that changed since the last call, marking them published. */
    public List<TaskTotals> changedSinceLastCall() {
        List<TaskTotals> changed = new ArrayList<>();
        tasks.forEach((id, t) -> {
            long v = t.version.get();
            if (v != t.published) {
                t.published = v;
                changed.add(snapshot(id, t));
            }
        });
        return changed;
    }

    private TaskTotals snapshot(String taskId, Totals t) {
        Map<String, Long> byReason = new TreeMap<>();
        t.rejected.forEach((reason, n) -> byReason.put(reason, n.sum()));
        long rejected = byReason.values().stream().mapToLong(Long::longValue).sum();
        long transformed = t.transformed.sum();
        long dead = t.deadLettered.sum();
        return new TaskTotals(taskId, replica, transformed + rejected + dead, transformed, rejected, byReason, dead,
                t.promptTokens.sum(), t.completionTokens.sum(), Math.round(t.cost.sum() * 1e6) / 1e6);
    }
}
