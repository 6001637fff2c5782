package io.rebase.retriever.ingest;

import org.jboss.logging.Logger;

/** The progress line of one config's run: {@code [esnli/default] [#########.....] 300/1000 rows, 1800 cells, 0 skipped, 250 cells/s}. */
final class IngestProgress {

    private static final Logger LOG = Logger.getLogger(IngestProgress.class);
    private static final int WIDTH = 30;

    private final String id;
    private final int cap;
    private final long startNanos = System.nanoTime();

    /** @param cap the row cap of the run, 0 = none */
    IngestProgress(String id, int cap) {
        this.id = id;
        this.cap = cap;
    }

    /** Logs the totals; the rate counts the cells this run added. */
    void log(long rows, long cells, long skipped, long addedCells, boolean complete) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long target = cap > 0 ? cap : Math.max(rows, 1);
        int filled = complete ? WIDTH : (int) Math.min(WIDTH, WIDTH * rows / Math.max(1, target));
        LOG.infof("[%s] [%s%s] %d%s rows, %d cells, %d skipped, %.0f cells/s%s", id, "#".repeat(filled),
                ".".repeat(WIDTH - filled), rows, cap > 0 ? "/" + cap : "", cells, skipped,
                seconds > 0 ? addedCells / seconds : 0, complete ? " done" : "");
    }
}
