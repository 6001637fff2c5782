package io.rebase.cli.command;

import io.rebase.cli.RebaseCli;
import io.rebase.cli.http.ServiceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code rebase export TASK_ID -o examples.jsonl}: the task's generated examples, loadable by HF datasets. */
@Command(name = "export", description = "Download a task's generated examples as JSONL (Hugging Face datasets loads it as is).")
public class ExportCommand implements Callable<Integer> {

    @ParentCommand
    RebaseCli cli;

    @Parameters(paramLabel = "TASK_ID")
    String taskId;

    @Option(names = {"-o", "--output"}, required = true, description = "target .jsonl file")
    Path output;

    @Override
    public Integer call() {
        return Commands.run(() -> {
            new ServiceClient(cli.trainerUrl, cli.token, cli.readToken).download("/tasks/" + taskId + "/examples", output);
            System.out.println("wrote " + output);
            return 0;
        });
    }
}
