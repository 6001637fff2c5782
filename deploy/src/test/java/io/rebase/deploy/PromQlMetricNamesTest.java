package io.rebase.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromQlMetricNamesTest {

    @Test
    void plainSelectorWithLabels() {
        assertThat(PromQlMetricNames.of("rebase_rows_ingested_total{dataset=\"squad\", job=~\"retriever.*\"}"))
                .containsExactly("rebase_rows_ingested_total");
    }

    @Test
    void functionsAggregationsAndRangesAreNotMetrics() {
        assertThat(PromQlMetricNames.of("sum by (reason) (rate(rebase_examples_rejected_total[$__rate_interval]))"))
                .containsExactly("rebase_examples_rejected_total");
    }

    @Test
    void histogramQuantileWithTrailingGrouping() {
        assertThat(PromQlMetricNames.of(
                "histogram_quantile(0.95, sum(rate(rebase_llm_latency_seconds_bucket{job=\"transformer-service\"}[5m])) by (le, model))"))
                .containsExactly("rebase_llm_latency_seconds_bucket");
    }

    @Test
    void binaryOperatorsWithMatchingKeywords() {
        assertThat(PromQlMetricNames.of(
                "sum(a_total) / ignoring(reason) group_left(model) sum without (pod) (b_total) and on(job) c > bool 0.5 or d offset 1h"))
                .containsExactly("a_total", "b_total", "c", "d");
    }

    @Test
    void grafanaVariablesAndStringsAreSkipped() {
        assertThat(PromQlMetricNames.of("label_replace(x_max{job=\"$job\"}, \"out\", \"$1\", \"in\", \"(.*)\") * ${factor} + $scale"))
                .containsExactly("x_max");
    }

    @Test
    void nameMatcherSelector() {
        assertThat(PromQlMetricNames.of("{__name__=\"jvm_memory_used_bytes\", area=\"heap\"}")).containsExactly("jvm_memory_used_bytes");
    }

    @Test
    void numbersDurationsAndScientificNotation() {
        assertThat(PromQlMetricNames.of("rate(x_total[1h30m:1m]) * 1e3 + 0.5 - 60"))
                .containsExactly("x_total");
    }

    @Test
    void unbalancedExpressionIsRejected() {
        assertThatThrownBy(() -> PromQlMetricNames.of("rate(x_total{job=\"a\"[5m])")).isInstanceOf(IllegalArgumentException.class);
    }
}
