package io.rebase.cli.command;

import io.rebase.cli.CliException;
import io.rebase.cli.RebaseCli;
import io.rebase.cli.TaskFiles;
import io.rebase.cli.TaskPublisher;
import io.rebase.cli.http.ServiceClient;
import io.rebase.cli.local.DatastoreIngest;
import io.rebase.cli.local.LocalStack;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TraceParent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code rebase demo}: the main job on embedded defaults. Starts the broker and the three services as separate
 * processes, ingests the sample datastore, submits a task, follows it to the end, prints the summary and stops
 * everything it started (also on Ctrl-C or failure).
 */
@Command(name = "demo", description = "Run the whole pipeline locally on embedded defaults: ingest, submit, follow, summarise.")
public class DemoCommand implements Callable<Integer> {

    @ParentCommand
    RebaseCli cli;

    @Option(names = "--task", defaultValue = "samples/tasks/sentiment.json", description = "task file (default ${DEFAULT-VALUE})")
    Path taskFile;

    @Option(names = "--datastore", defaultValue = "samples/datastore", description = "datastore root to ingest (default ${DEFAULT-VALUE})")
    Path datastore;

    @Option(names = "--work-dir", defaultValue = ".rebase/demo", description = "data and logs of this run (default ${DEFAULT-VALUE})")
    Path workDir;

    @Option(names = "--keep-data", description = "reuse the work folder of an earlier run instead of starting clean")
    boolean keepData;

    @Option(names = "--timeout", defaultValue = "PT40M", description = "give up after (ISO-8601, default ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--keep-running", description = "keep the stack up after the summary (to query the model) until Ctrl-C")
    boolean keepRunning;

    @Option(names = "--export", description = "also write the task's generated examples (JSONL) to this file")
    Path export;

    @Option(names = "--env", description = "extra KEY=VALUE settings for the services (e.g. QUARKUS_LANGCHAIN4J_OPENAI_BASE_URL=...)")
    Map<String, String> env = new LinkedHashMap<>();

    @Override
    public Integer call() {
        return Commands.run(() -> {
            long start = System.currentTimeMillis();
            TaskRequest task = TaskFiles.read(taskFile);
            if (!Files.isDirectory(datastore)) {
                throw new CliException("datastore folder " + datastore + " not found (run from the repository root)");
            }
            if (!keepData) {
                deleteRecursively(workDir);
            }
            try (LocalStack stack = new LocalStack(Path.of("."), workDir, env, System.out).start(datastore)) {
                RebaseCli local = localCli(stack);
                DatastoreIngest.ingestAll(new ServiceClient(local.retrieverUrl, local.token), System.out);
                String traceparent = TaskPublisher.publish(stack.bootstrapServers(), "", task);
                System.out.println("submitted task " + task.taskId() + " (" + taskFile + ", trace "
                        + TraceParent.traceId(traceparent).orElseThrow() + ")");
                int code = FollowCommand.followAndSummarise(local, task.taskId(), timeout, true, keepRunning);
                if (export != null && code == 0) {
                    new ServiceClient(local.trainerUrl, local.token).download("/tasks/" + task.taskId() + "/examples", export);
                    System.out.println("Export:  " + export);
                }
                System.out.printf("Logs:    %s%nTotal:   %ds (stack start, ingest, task)%n",
                        stack.workDir().resolve("logs"), (System.currentTimeMillis() - start) / 1000);
                if (keepRunning) {
                    System.out.println("the stack keeps running (Kafka " + stack.bootstrapServers() + "); Ctrl-C stops it");
                    Thread.currentThread().join();
                } else {
                    System.out.println("stack stopped (--keep-running keeps it up to query the model)");
                }
                return code;
            }
        });
    }

    private RebaseCli localCli(LocalStack stack) {
        RebaseCli local = new RebaseCli();
        local.bootstrapServers = stack.bootstrapServers();
        local.retrieverUrl = stack.url("retriever-service");
        local.trainerUrl = stack.url("trainer-service");
        local.topicPrefix = "";
        // the services inherit this process's environment and --env: when that sets a token, they require it
        local.token = env.getOrDefault("REBASE_AUTH_TOKEN", cli == null ? null : cli.token);
        local.readToken = env.getOrDefault("REBASE_AUTH_READ_TOKEN", cli == null ? null : cli.readToken);
        return local;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
