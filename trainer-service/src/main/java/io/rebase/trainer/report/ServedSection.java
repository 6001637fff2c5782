package io.rebase.trainer.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's "Served model" section: which student is served and why, every candidate's score on the data it was
 * chosen on (with that data's caveat), a collapse note, and the datastore-fit warnings with what would help.
 */
final class ServedSection {

    private ServedSection() {
    }

    /** Whether there is anything to show: the choice is made when the task completes. */
    static boolean present(Map<String, Object> served) {
        return served != null && !served.isEmpty();
    }

    /** The section's body. */
    static String body(Map<String, Object> served) {
        StringBuilder h = new StringBuilder();
        h.append("<p><b>").append(HtmlReport.esc(String.valueOf(served.get("served"))))
                .append("</b>").append(Boolean.FALSE.equals(served.get("rebase")) ? " (trained on the task's examples alone)" : " (ReBase)")
                .append(": ").append(HtmlReport.esc(String.valueOf(served.get("reason")))).append("</p>");
        if (served.get("scores") instanceof Map<?, ?> scores && !scores.isEmpty()) {
            h.append("<table><tr><th>candidate</th><th>").append(HtmlReport.esc(String.valueOf(served.get("metric"))))
                    .append(" on ").append(served.get("items")).append(' ')
                    .append(HtmlReport.esc(String.valueOf(served.get("basisText")))).append("</th></tr>");
            scores.forEach((name, score) -> h.append("<tr><td>").append(HtmlReport.esc(String.valueOf(name)))
                    .append("</td><td>").append(score instanceof Number n ? String.format(Locale.ROOT, "%.4f", n.doubleValue()) : "")
                    .append("</td></tr>"));
            h.append("</table>");
        }
        if (served.get("weakness") instanceof String weakness && !weakness.isBlank()) {
            h.append("<p>Caveat: ").append(HtmlReport.esc(weakness)).append("</p>");
        }
        if (served.get("collapse") instanceof Map<?, ?> collapse) {
            h.append("<p><b>Collapse:</b> ").append(HtmlReport.esc(String.valueOf(collapse.get("message")))).append("</p>");
        }
        if (served.get("warnings") instanceof List<?> warnings) {
            for (Object o : warnings) {
                if (o instanceof Map<?, ?> w) {
                    h.append("<p><b>Warning (").append(HtmlReport.esc(String.valueOf(w.get("code")))).append("):</b> ")
                            .append(HtmlReport.esc(String.valueOf(w.get("message")))).append("</p>");
                    if (w.get("advice") instanceof List<?> advice && !advice.isEmpty()) {
                        h.append("<ul>");
                        advice.forEach(a -> h.append("<li>").append(HtmlReport.esc(String.valueOf(a))).append("</li>"));
                        h.append("</ul>");
                    }
                }
            }
        }
        return h.toString();
    }
}
