package io.rebase.cli.command;

import io.rebase.cli.RebaseCli;
import io.rebase.cli.http.ServiceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code rebase ingest esnli}: asks the retriever to ingest a dataset folder under its datastore root. */
@Command(name = "ingest", description = "Ingest a dataset folder (relative to the retriever's datastore root; '*' for all).")
public class IngestCommand implements Callable<Integer> {

    @ParentCommand
    RebaseCli cli;

    @Parameters(paramLabel = "PATH")
    String path;

    @Override
    public Integer call() {
        return Commands.run(() -> {
            System.out.println(new ServiceClient(cli.retrieverUrl, cli.token).post("/datasets", Map.of("path", path)).toPrettyString());
            return 0;
        });
    }
}
