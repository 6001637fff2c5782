package io.rebase.cli.follow;

import java.io.PrintStream;
import java.util.Map;

/**
 * Draws a task's progress on one line: redrawn in place on a terminal, printed as a new line only when it
 * changes (and at most every few seconds) when the output goes to a file or a CI log.
 */
public final class ProgressRenderer {

    private static final int BAR = 24;
    private final PrintStream out;
    private final boolean terminal;
    private String lastLine = "";
    private String lastPrintedLine = "";
    private long lastPrinted;

    public ProgressRenderer(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Redraws the line for {@code p}. */
    public void render(TaskProgress p) {
        String line = line(p);
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
            out.flush();
        } else if (!line.equals(lastPrintedLine) && (System.currentTimeMillis() - lastPrinted > 3000 || p.done())) {
            // compared with the last printed line, so a change inside the quiet window is shown at the next poll
            out.println(line);
            lastPrintedLine = line;
            lastPrinted = System.currentTimeMillis();
        }
        lastLine = line;
    }

    /** Ends the in-place line. */
    public void finish() {
        if (terminal) {
            out.println();
        }
    }

    static String line(TaskProgress p) {
        StringBuilder s = new StringBuilder();
        if (p.retrieved() == null) {
            s.append(p.requested() ? "retrieve: searching the datastore..." : "waiting for the retriever...");
            return s.toString();
        }
        long rows = p.retrieved();
        s.append("retrieved ").append(rows).append(" | transform ")
                .append(bar(p.transformed(), rows)).append(' ').append(p.transformed()).append('/').append(rows)
                .append(" (kept ").append(p.examples()).append(", rejected ").append(p.rejected());
        if (p.deadLettered() > 0) {
            s.append(", dlq ").append(p.deadLettered());
        }
        s.append(')');
        Map<String, Object> t = p.lastTraining();
        if (t.get("step") != null) {
            s.append(" | train step ").append(t.get("step"));
            if (t.get("totalSteps") != null) {
                s.append('/').append(t.get("totalSteps"));
            }
            if (t.get("loss") instanceof Number loss) {
                s.append(String.format(" loss %.3f", loss.doubleValue()));
            }
        }
        if (!p.evaluations().isEmpty()) {
            s.append(" | eval ").append(MetricsText.brief(p.evaluations().get(p.evaluations().size() - 1).details()));
        }
        if (p.done()) {
            s.append(" | ").append(p.terminal().type());
        }
        return s.toString();
    }

    /** A text progress bar of {@code done} out of {@code total}. */
    public static String bar(long done, long total) {
        int filled = total <= 0 ? BAR : (int) Math.min(BAR, Math.round(BAR * (double) done / total));
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
    }
}
