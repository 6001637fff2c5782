package io.rebase.cli.command;

import io.rebase.cli.RebaseCli;
import io.rebase.cli.kafka.DlqReplayer;
import io.rebase.cli.kafka.KafkaReach;
import io.rebase.contracts.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/**
 * {@code rebase replay-dlq candidate-rows}: re-publishes the records of {@code <topic>-dlq} onto {@code <topic>},
 * once each: the replayer's consumer group commits what it replayed, so a second run replays only newer records.
 * With {@code --task}, records of other tasks are left for a later run (see {@link DlqReplayer}). Consumers
 * deduplicate by deterministic ids, so a replayed record that had in fact succeeded does no harm.
 */
@Command(name = "replay-dlq", description = "Re-publish a dead-letter topic's records onto the original topic.")
public class ReplayDlqCommand implements Callable<Integer> {

    @ParentCommand
    RebaseCli cli;

    @Parameters(paramLabel = "TOPIC", description = "the original topic, e.g. candidate-rows")
    String topic;

    @Option(names = "--task", description = "replay only this task's records (matched on the key or the taskId field); "
            + "other tasks' records stay replayable")
    String taskId;

    @Override
    public Integer call() {
        return Commands.run(() -> {
            String source = cli.topicPrefix + Topics.dlq(topic);
            String target = cli.topicPrefix + topic;
            KafkaReach.require(cli.bootstrapServers);
            int replayed = new DlqReplayer(cli.bootstrapServers).replay(source, target, "rebase-dlq-replayer-" + topic, taskId);
            System.out.println("replayed " + replayed + " records from " + source + " to " + target);
            return 0;
        });
    }
}
