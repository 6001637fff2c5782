package io.rebase.cli.follow;

import io.rebase.contracts.TaskEvent;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The summary lines that say whether the user can trust the result: which model is served and why (with every
 * candidate's score), a collapsed served model, and the trainer's warnings (a datastore that does not fit the task),
 * each with what would help.
 */
final class ServedText {

    private ServedText() {
    }

    static void print(PrintStream out, TaskProgress p) {
        Map<String, Object> done = p.terminal() != null && p.terminal().details() != null ? p.terminal().details() : Map.of();
        if (done.get("served") instanceof Map<?, ?> served) {
            out.println("Served model: " + served(served));
            if (served.get("weakness") instanceof String weakness && !weakness.isBlank()) {
                out.println("  caveat: " + weakness);
            }
        }
        if (done.get("collapse") instanceof Map<?, ?> collapse && collapse.get("message") != null) {
            out.println("COLLAPSE: " + collapse.get("message"));
        }
        for (TaskEvent w : p.warnings()) {
            out.println("WARNING" + (w.reason() == null ? "" : " (" + w.reason() + ")") + ": " + w.message());
            if (w.details() != null && w.details().get("advice") instanceof List<?> advice) {
                advice.forEach(a -> out.println("  what would help: " + a));
            }
        }
    }

    /** "few-shot (accuracy: few-shot 0.948, rebase 0.540 on 250 items, evaluation file): why". */
    static String served(Map<?, ?> s) {
        StringBuilder line = new StringBuilder(String.valueOf(s.get("served")));
        if (s.get("scores") instanceof Map<?, ?> scores && !scores.isEmpty()) {
            line.append(" (").append(s.get("metric")).append(':');
            String sep = " ";
            for (Map.Entry<?, ?> e : scores.entrySet()) {
                line.append(sep).append(e.getKey()).append(' ')
                        .append(e.getValue() instanceof Number n ? String.format("%.3f", n.doubleValue()) : e.getValue());
                sep = ", ";
            }
            line.append(" on ").append(s.get("items")).append(" items, ").append(s.get("basisText")).append(')');
        }
        if (s.get("reason") != null) {
            line.append(": ").append(s.get("reason"));
        }
        return line.toString();
    }
}
