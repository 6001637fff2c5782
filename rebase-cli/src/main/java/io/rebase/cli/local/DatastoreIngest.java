package io.rebase.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.cli.CliException;
import io.rebase.cli.follow.ProgressRenderer;
import io.rebase.cli.http.ServiceClient;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Asks the retriever to ingest its whole datastore root and reports progress until every scheduled dataset is
 * done (DONE, DONE_WITH_ERRORS or FAILED in the registry).
 */
public final class DatastoreIngest {

    private static final Set<String> FINISHED = Set.of("DONE", "DONE_WITH_ERRORS", "FAILED");

    private DatastoreIngest() {
    }

    /** Ingests everything under the retriever's datastore root; returns the number of rows ingested. */
    public static long ingestAll(ServiceClient retriever, PrintStream out) {
        long start = System.currentTimeMillis();
        JsonNode accepted = retriever.post("/datasets", Map.of("path", "*"));
        Set<String> scheduled = new HashSet<>();
        accepted.path("scheduled").forEach(n -> scheduled.add(n.asText()));
        if (scheduled.isEmpty()) {
            throw new CliException("the retriever found no dataset to ingest under " + accepted.path("root").asText("its datastore root"));
        }
        out.println("ingesting " + scheduled.size() + " datasets...");
        String last = "";
        while (true) {
            long rows = 0;
            long cells = 0;
            int done = 0;
            int failed = 0;
            for (JsonNode d : retriever.get("/datasets")) {
                if (!scheduled.contains(d.path("name").asText())) {
                    continue;
                }
                rows += d.path("rows").asLong(0);
                cells += d.path("cells").asLong(0);
                String status = d.path("status").asText("");
                if (FINISHED.contains(status)) {
                    done++;
                }
                if (status.equals("FAILED")) {
                    failed++;
                }
            }
            String line = String.format("  ingest %s %d/%d datasets, %d rows, %d cells", ProgressRenderer.bar(done, scheduled.size()),
                    done, scheduled.size(), rows, cells);
            if (!line.equals(last)) {
                out.println(line);
                last = line;
            }
            if (done == scheduled.size()) {
                out.printf("ingested %d rows (%d cells) of %d datasets in %ds%s%n", rows, cells, done,
                        (System.currentTimeMillis() - start) / 1000, failed > 0 ? "; " + failed + " FAILED (see GET /datasets)" : "");
                return rows;
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted");
            }
        }
    }
}
