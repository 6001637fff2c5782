package io.rebase.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceParentTest {

    @Test
    void aNewRootIsAValidSampledVersion00ValueWithItsOwnTraceId() {
        String a = TraceParent.newRoot();
        String b = TraceParent.newRoot();
        assertThat(a).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(TraceParent.traceId(a)).hasValue(a.substring(3, 35));
        assertThat(TraceParent.spanId(a)).hasValue(a.substring(36, 52));
        assertThat(TraceParent.traceId(b)).isNotEqualTo(TraceParent.traceId(a));
    }

    @Test
    void invalidValuesHaveNoTraceId() {
        assertThat(TraceParent.traceId(null)).isEmpty();
        assertThat(TraceParent.traceId("garbage")).isEmpty();
        assertThat(TraceParent.traceId("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01")).isEmpty();
        assertThat(TraceParent.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-" + "0".repeat(16) + "-01")).isEmpty();
        assertThat(TraceParent.traceId("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isEmpty();
        assertThat(TraceParent.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .hasValue("4bf92f3577b34da6a3ce929d0e0e4736");
    }
}
