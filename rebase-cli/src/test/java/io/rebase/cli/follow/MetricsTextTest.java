package io.rebase.cli.follow;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsTextTest {

    @Test
    void scoresKeepThreeDecimalsAndStepCountsAreIntegers() {
        Map<String, Object> baseline = new LinkedHashMap<>();
        baseline.put("accuracy", 0.54);
        baseline.put("macro_f1", 1.0);
        baseline.put("steps", 102.0);
        assertThat(MetricsText.brief(baseline)).isEqualTo("accuracy 0.540, macro_f1 1.000, steps 102");
    }
}
