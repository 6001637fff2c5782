package io.rebase.transformer.llm;

import io.rebase.transformer.domain.Usage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * What each task has spent on the LLM on this replica, against the per-task limits of {@link LlmSettings.Guards}.
 * A task whose spend reached a limit gets no further LLM call here. Rows in flight when the limit is reached still
 * finish, so a task can overshoot by up to the replica's concurrency in rows; replicas count separately, so the
 * task-wide bound is the limit times the replica count.
 */
public final class TaskBudget {

    private final long maxTokens;
    private final double maxCostUsd;
    private final Map<String, Spend> spent = new ConcurrentHashMap<>();

    private static final class Spend {
        final LongAdder tokens = new LongAdder();
        final DoubleAdder cost = new DoubleAdder();
    }

    public TaskBudget(long maxTokens, double maxCostUsd) {
        this.maxTokens = maxTokens;
        this.maxCostUsd = maxCostUsd;
    }

    /** Adds one call's usage to the task's spend. */
    public void charge(String taskId, Usage usage) {
        if (taskId == null || usage == null) {
            return;
        }
        Spend s = spent.computeIfAbsent(taskId, k -> new Spend());
        s.tokens.add(usage.promptTokens() + usage.completionTokens());
        s.cost.add(usage.costUsd());
    }

    /** Why the task may not call the LLM any more, or null while it is within its budget. */
    public String exhausted(String taskId) {
        Spend s = taskId == null ? null : spent.get(taskId);
        if (s == null) {
            return null;
        }
        long tokens = s.tokens.sum();
        double cost = s.cost.sum();
        if (maxTokens > 0 && tokens >= maxTokens) {
            return "the task's LLM token budget is spent on this replica: " + tokens + " of " + maxTokens + " tokens";
        }
        if (maxCostUsd > 0 && cost >= maxCostUsd) {
            return String.format(java.util.Locale.ROOT,
                    "the task's LLM cost budget is spent on this replica: $%.4f of $%.4f", cost, maxCostUsd);
        }
        return null;
    }
}
