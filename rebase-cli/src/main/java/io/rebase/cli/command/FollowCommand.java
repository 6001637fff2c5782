package io.rebase.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.cli.RebaseCli;
import io.rebase.cli.kafka.KafkaReach;
import io.rebase.cli.follow.ProgressRenderer;
import io.rebase.cli.follow.SummaryPrinter;
import io.rebase.cli.follow.TaskFollower;
import io.rebase.cli.follow.TaskProgress;
import io.rebase.cli.http.ServiceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code rebase follow TASK_ID}: a progress bar over the task's events until it ends, then the summary. */
@Command(name = "follow", description = "Follow a task's progress until it completes or fails.")
public class FollowCommand implements Callable<Integer> {

    @ParentCommand
    RebaseCli cli;

    @Parameters(paramLabel = "TASK_ID")
    String taskId;

    @Option(names = "--timeout", defaultValue = "PT60M", description = "give up after (ISO-8601, default ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() {
        return Commands.run(() -> followAndSummarise(cli, taskId, timeout, true, true));
    }

    /**
     * Follows the task (or reads its feed once when {@code untilDone} is false), prints the summary; 0 when COMPLETED.
     * {@code serving}: whether the trainer stays up afterwards, so that its URLs are worth printing.
     */
    static int followAndSummarise(RebaseCli cli, String taskId, Duration timeout, boolean untilDone, boolean serving) {
        long start = System.currentTimeMillis();
        ProgressRenderer renderer = new ProgressRenderer(System.out, System.console() != null);
        KafkaReach.require(cli.bootstrapServers);
        TaskProgress progress;
        try (TaskFollower follower = new TaskFollower(cli.bootstrapServers, cli.topicPrefix)) {
            progress = follower.follow(new TaskProgress(taskId), timeout, untilDone, renderer::render);
        }
        renderer.finish();
        new SummaryPrinter(System.out).print(progress, Duration.ofMillis(System.currentTimeMillis() - start),
                links(cli, taskId, progress, serving));
        if (progress.failed() || progress.cancelled()) {
            return 3;
        }
        return progress.done() || !untilDone ? 0 : 4;
    }

    private static Map<String, String> links(RebaseCli cli, String taskId, TaskProgress progress, boolean serving) {
        Map<String, String> links = new LinkedHashMap<>();
        Map<String, Object> details = progress.terminal() == null || progress.terminal().details() == null
                ? Map.of() : progress.terminal().details();
        if (details.get("modelPath") != null) {
            links.put("Model", String.valueOf(details.get("modelPath")));
        }
        if (details.get("reportPath") != null) {
            links.put("Report", String.valueOf(details.get("reportPath")));
        }
        if (serving && progress.done() && !progress.failed() && !progress.cancelled()) {
            links.put("Served", cli.trainerUrl + "/tasks/" + taskId + " (predict: POST /tasks/" + taskId + "/predict)");
            links.put("Plots", cli.trainerUrl + "/tasks/" + taskId + "/report");
        }
        return links;
    }

    /** The trainer's view of the task, or null when the trainer does not answer. */
    static JsonNode trainerStatus(RebaseCli cli, String taskId) {
        try {
            return new ServiceClient(cli.trainerUrl, cli.token, cli.readToken).get("/tasks/" + taskId);
        } catch (ServiceClient.ServiceException e) {
            return null;
        }
    }
}
