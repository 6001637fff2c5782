package io.rebase.cli.follow;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Formats metric maps ({@code {accuracy: 0.81, f1: ...}}) found in event details and trainer answers. */
final class MetricsText {

    private MetricsText() {
    }

    /** The numeric entries of {@code details.metrics} (or of {@code details} itself), as "name 0.812". */
    static String brief(Map<String, Object> details) {
        if (details == null) {
            return "-";
        }
        Object metrics = details.getOrDefault("metrics", details);
        if (!(metrics instanceof Map<?, ?> map)) {
            return "-";
        }
        StringJoiner j = new StringJoiner(", ");
        map.forEach((k, v) -> {
            if (v instanceof Number n) {
                j.add(k + " " + number(n));
            }
        });
        return j.length() == 0 ? "-" : j.toString();
    }

    /** A whole number above 1 (a step count) as an integer; a score, 1.0 included, with three decimals. */
    static String number(Number n) {
        double d = n.doubleValue();
        return d == Math.rint(d) && Math.abs(d) > 1 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.3f", d);
    }
}
