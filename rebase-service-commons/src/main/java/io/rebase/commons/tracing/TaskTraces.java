package io.rebase.commons.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trace context of each task this service has seen, so that work done away from the record that brought the task
 * in (the trainer's training threads, the transformer's periodic progress, an acknowledgement callback) still joins
 * the task's trace. The consumers remember the context current while they handle a task's record (SmallRye Reactive
 * Messaging makes the record's consumer span current, continuing the {@code traceparent} header); the
 * {@link io.rebase.commons.messaging.TaskEventPublisher} publishes each event under its task's context.
 * <p>
 * With tracing off (the default) no context has a valid span, and nothing is remembered. The most recently seen
 * {@value #MAX_TASKS} tasks are kept; a task forgotten, or one resumed after a restart before any of its records
 * arrives again, gets its later events in a new trace.
 */
@ApplicationScoped
public class TaskTraces {

    static final int MAX_TASKS = 10_000;

    private final Map<String, Context> byTask = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Context> eldest) {
            return size() > MAX_TASKS;
        }
    };

    /**
     * Remembers the current context as {@code taskId}'s when it carries a span and the task has no context yet, or
     * always with {@code replace} (the record that defines the task's trace, e.g. the retriever's REQUESTED event).
     */
    public void remember(String taskId, boolean replace) {
        Context current = Context.current();
        if (taskId == null || !spanOf(current).isValid()) {
            return;
        }
        synchronized (byTask) {
            if (replace) {
                byTask.put(taskId, current);
            } else {
                byTask.putIfAbsent(taskId, current);
            }
        }
    }

    /**
     * The context to send {@code taskId}'s records under: the current one when it is already in the task's trace (its
     * span is the closer parent), else the task's remembered one, else the current one.
     */
    public Context contextFor(String taskId) {
        Context current = Context.current();
        Context remembered;
        synchronized (byTask) {
            remembered = taskId == null ? null : byTask.get(taskId);
        }
        if (remembered == null) {
            return current;
        }
        SpanContext now = spanOf(current);
        return now.isValid() && now.getTraceId().equals(spanOf(remembered).getTraceId()) ? current : remembered;
    }

    private static SpanContext spanOf(Context context) {
        return Span.fromContext(context).getSpanContext();
    }
}
