package io.rebase.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.cli.RebaseCli;
import io.rebase.cli.http.ServiceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code rebase datasets}: the retriever's registry. */
@Command(name = "datasets", description = "List the datasets in the retriever's registry.")
public class DatasetsCommand implements Callable<Integer> {

    @ParentCommand
    RebaseCli cli;

    @Override
    public Integer call() {
        return Commands.run(() -> {
            JsonNode datasets = new ServiceClient(cli.retrieverUrl, cli.token, cli.readToken).get("/datasets");
            System.out.println(datasets.toPrettyString());
            return 0;
        });
    }
}
