package io.rebase.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.cli.RebaseCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code rebase status TASK_ID}: what the event feed says so far, and the trainer's view. */
@Command(name = "status", description = "Show a task's status from its event feed and the trainer.")
public class StatusCommand implements Callable<Integer> {

    @ParentCommand
    RebaseCli cli;

    @Parameters(paramLabel = "TASK_ID")
    String taskId;

    @Override
    public Integer call() {
        return Commands.run(() -> {
            int code = FollowCommand.followAndSummarise(cli, taskId, Duration.ofSeconds(30), false, true);
            JsonNode trainer = FollowCommand.trainerStatus(cli, taskId);
            if (trainer != null) {
                System.out.println("Trainer: " + trainer.path("status").asText("?"));
            }
            return code;
        });
    }
}
