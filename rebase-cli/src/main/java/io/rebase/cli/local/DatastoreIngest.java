package io.rebase.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.cli.CliException;
import io.rebase.cli.http.ServiceClient;

import java.io.PrintStream;
import java.util.Map;
import java.util.Set;

/** Asks the retriever to ingest its whole datastore root and reports progress until every dataset is done. */
public final class DatastoreIngest {

    private static final Set<String> UNFINISHED = Set.of("PENDING", "QUEUED", "RUNNING", "INGESTING", "IN_PROGRESS", "STARTED");

    private DatastoreIngest() {
    }

    /** Ingests everything under the retriever's datastore root; returns the number of rows ingested. */
    public static long ingestAll(ServiceClient retriever, PrintStream out) {
        long start = System.currentTimeMillis();
        out.println("ingesting the datastore...");
        retriever.post("/datasets", Map.of("path", "*"));
        String last = "";
        while (true) {
            JsonNode datasets = retriever.get("/datasets");
            long rows = 0;
            int done = 0;
            int total = 0;
            boolean finished = true;
            for (JsonNode d : datasets.isArray() ? datasets : datasets.path("datasets")) {
                total++;
                rows += d.path("rowsIngested").asLong(d.path("rows").asLong(0));
                String status = d.path("status").asText("").toUpperCase();
                if (UNFINISHED.contains(status)) {
                    finished = false;
                } else {
                    done++;
                }
            }
            String line = String.format("  datasets %d/%d, rows %d", done, total, rows);
            if (!line.equals(last)) {
                out.println(line);
                last = line;
            }
            if (finished && total > 0) {
                out.printf("ingested %d rows of %d datasets in %ds%n", rows, total, (System.currentTimeMillis() - start) / 1000);
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
