package io.rebase.trainer.fit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A warning that the datastore does not fit the task: for the WARNING event, the report and the CLI summary.
 *
 * @param code    {@link #NO_USABLE_ROWS}, {@link #FEW_USABLE_ROWS} or {@link #LOW_RELEVANCE}
 * @param message what happened, in a sentence or two
 * @param advice  what would help, one suggestion each
 * @param details the figures behind it
 */
public record FitWarning(String code, String message, List<String> advice, Map<String, Object> details) {

    /** Every retrieved row was rejected or dead-lettered. */
    public static final String NO_USABLE_ROWS = "no-usable-rows";
    /** Fewer rows than the minimum became examples. */
    public static final String FEW_USABLE_ROWS = "few-usable-rows";
    /** The selected rows resemble the examples far less than the examples resemble each other. */
    public static final String LOW_RELEVANCE = "low-relevance";

    public FitWarning {
        advice = List.copyOf(advice);
        details = Map.copyOf(details);
    }

    /** The event / report form. */
    public Map<String, Object> toDetails() {
        Map<String, Object> out = new LinkedHashMap<>(details);
        out.put("code", code);
        out.put("advice", advice);
        return out;
    }

    /** The message followed by the advice, for a log or a summary line. */
    public String text() {
        return advice.isEmpty() ? message : message + " What would help: " + String.join("; ", advice) + ".";
    }
}
