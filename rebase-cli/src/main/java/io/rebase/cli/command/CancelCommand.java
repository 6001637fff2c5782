package io.rebase.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.cli.CliException;
import io.rebase.cli.RebaseCli;
import io.rebase.contracts.TaskIds;
import io.rebase.cli.http.ServiceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/**
 * {@code rebase cancel TASK_ID}: {@code DELETE /tasks/{id}} on the retriever (admin token). Prints what happened and
 * exits 0 when the task is cancelled (now or before); a task that already completed or failed is left as it is and
 * the command fails naming its end (HTTP 409, exit 2).
 */
@Command(name = "cancel", description = "Cancel a task: retrieval, transformation and training stop; its examples stay exportable.")
public class CancelCommand implements Callable<Integer> {

    @ParentCommand
    RebaseCli cli;

    @Parameters(paramLabel = "TASK_ID")
    String taskId;

    @Override
    public Integer call() {
        return Commands.run(() -> {
            TaskIds.problem(taskId).ifPresent(p -> {
                throw new CliException("task id '" + taskId + "' " + p);
            });
            JsonNode answer = new ServiceClient(cli.retrieverUrl, cli.token).delete("/tasks/" + taskId);
            System.out.println(answer.path("message").asText(answer.toString()));
            return 0;
        });
    }
}
