package io.rebase.cli;

import io.rebase.cli.command.CancelCommand;
import io.rebase.cli.command.DatasetsCommand;
import io.rebase.cli.command.DemoCommand;
import io.rebase.cli.command.ExportCommand;
import io.rebase.cli.command.FollowCommand;
import io.rebase.cli.command.IngestCommand;
import io.rebase.cli.command.ReplayDlqCommand;
import io.rebase.cli.command.StatusCommand;
import io.rebase.cli.command.StudentCommand;
import io.rebase.cli.command.SubmitCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code rebase} command line: talks to a running ReBase system (Kafka topics and the services' REST APIs)
 * and runs the whole system locally on embedded defaults ({@code demo}).
 */
@Command(name = "rebase", mixinStandardHelpOptions = true, version = "rebase 0.1.0",
        description = "Build small task experts by Retrieval-Based Distillation.",
        subcommands = {DemoCommand.class, SubmitCommand.class, FollowCommand.class, StatusCommand.class,
                CancelCommand.class, IngestCommand.class, DatasetsCommand.class, ExportCommand.class, ReplayDlqCommand.class,
                StudentCommand.class})
public class RebaseCli {

    @Option(names = "--bootstrap-servers", scope = CommandLine.ScopeType.INHERIT,
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    public String bootstrapServers;

    @Option(names = "--retriever-url", scope = CommandLine.ScopeType.INHERIT,
            defaultValue = "${env:REBASE_RETRIEVER_URL:-http://localhost:8081}", description = "retriever-service base URL")
    public String retrieverUrl;

    @Option(names = "--trainer-url", scope = CommandLine.ScopeType.INHERIT,
            defaultValue = "${env:REBASE_TRAINER_URL:-http://localhost:8083}", description = "trainer-service base URL")
    public String trainerUrl;

    @Option(names = "--topic-prefix", scope = CommandLine.ScopeType.INHERIT,
            defaultValue = "${env:REBASE_TOPIC_PREFIX:-}", description = "prefix of every topic name (rebase.topic-prefix of the services)")
    public String topicPrefix;

    @Option(names = "--token", scope = CommandLine.ScopeType.INHERIT,
            defaultValue = "${env:REBASE_AUTH_TOKEN}", description = "admin bearer token (every request), when the services require one")
    public String token;

    @Option(names = "--read-token", scope = CommandLine.ScopeType.INHERIT,
            defaultValue = "${env:REBASE_AUTH_READ_TOKEN}", description = "read-only bearer token, sent on reads when no --token is given")
    public String readToken;

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int code = new CommandLine(new RebaseCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
    }
}
