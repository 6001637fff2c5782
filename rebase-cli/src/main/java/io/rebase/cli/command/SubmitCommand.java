package io.rebase.cli.command;

import io.rebase.cli.RebaseCli;
import io.rebase.cli.TaskFiles;
import io.rebase.cli.TaskPublisher;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TraceParent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code rebase submit task.json}: validates the task file and produces it to task-requests. */
@Command(name = "submit", description = "Validate a task file and publish it on the task-requests topic.")
public class SubmitCommand implements Callable<Integer> {

    @ParentCommand
    RebaseCli cli;

    @Parameters(paramLabel = "TASK_FILE", description = "a TaskRequest JSON file (see samples/tasks)")
    Path file;

    @Option(names = "--follow", description = "follow the task until it ends")
    boolean follow;

    @Option(names = "--timeout", defaultValue = "PT60M", description = "how long to follow (ISO-8601, default ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() {
        return Commands.run(() -> {
            TaskRequest request = TaskFiles.read(file);
            String traceparent = TaskPublisher.publish(cli.bootstrapServers, cli.topicPrefix, request);
            // the trace id finds the task's spans in the tracing backend, where the services export them
            System.out.println("submitted " + request.taskId() + " (trace " + TraceParent.traceId(traceparent).orElseThrow() + ")");
            if (follow) {
                return FollowCommand.followAndSummarise(cli, request.taskId(), timeout, true, true);
            }
            return 0;
        });
    }
}
