package io.rebase.commons.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which context a task's records are sent under, from the contexts current when its records were handled. */
class TaskTracesTest {

    private static final String TRACE_A = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACE_B = "0af7651916cd43dd8448eb211c80319c";

    private final TaskTraces traces = new TaskTraces();

    @Test
    void withoutASpanNothingIsRememberedAndTheCurrentContextIsUsed() {
        traces.remember("t", true);
        assertThat(traceOf(traces.contextFor("t"))).isEqualTo(SpanContext.getInvalid().getTraceId());
    }

    @Test
    void workAwayFromAnyRecordIsSentInTheTasksTrace() {
        in(TRACE_A, "00f067aa0ba902b7", () -> traces.remember("t", false));
        // e.g. a training thread: no span current
        assertThat(traceOf(traces.contextFor("t"))).isEqualTo(TRACE_A);
        assertThat(traceOf(traces.contextFor("other"))).isEqualTo(SpanContext.getInvalid().getTraceId());
    }

    @Test
    void theFirstContextStaysUnlessTheDefiningRecordReplacesIt() {
        in(TRACE_A, "00f067aa0ba902b7", () -> traces.remember("t", false));
        in(TRACE_B, "b7ad6b7169203331", () -> traces.remember("t", false));
        assertThat(traceOf(traces.contextFor("t"))).isEqualTo(TRACE_A);
        in(TRACE_B, "b7ad6b7169203331", () -> traces.remember("t", true));
        assertThat(traceOf(traces.contextFor("t"))).isEqualTo(TRACE_B);
    }

    @Test
    void aCurrentSpanOfTheTasksTraceIsTheCloserParentAndOneOfAnotherTraceIsNot() {
        in(TRACE_A, "00f067aa0ba902b7", () -> traces.remember("t", false));
        in(TRACE_A, "53995c3f42cd8ad8", () ->
                assertThat(Span.fromContext(traces.contextFor("t")).getSpanContext().getSpanId()).isEqualTo("53995c3f42cd8ad8"));
        // an acknowledgement callback running in another record's context: the task's own trace wins
        in(TRACE_B, "b7ad6b7169203331", () -> assertThat(traceOf(traces.contextFor("t"))).isEqualTo(TRACE_A));
    }

    private static void in(String traceId, String spanId, Runnable work) {
        SpanContext parent = SpanContext.createFromRemoteParent(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault());
        try (Scope ignored = Context.root().with(Span.wrap(parent)).makeCurrent()) {
            work.run();
        }
    }

    private static String traceOf(Context context) {
        return Span.fromContext(context).getSpanContext().getTraceId();
    }
}
