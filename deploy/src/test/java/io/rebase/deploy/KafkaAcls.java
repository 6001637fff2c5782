package io.rebase.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.contracts.Topics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka ACLs as sets of {@code "type:patternType:name" -> operations}: those a Strimzi KafkaUser grants, and those a
 * client needs, derived from what it really does (a service's channels in its configuration, the CLI's code).
 * Describe is implied by Read and Write on a topic (Kafka grants it with either), so it is left out beside them.
 */
final class KafkaAcls {

    private static final Path CLI = RepoPaths.root().resolve("rebase-cli/src/main/java/io/rebase/cli");
    /** A consumer group named by a literal prefix and a per-run suffix: {@code "rebase-cli-" + UUID.randomUUID()}. */
    private static final Pattern GROUP_PREFIX = Pattern.compile("\"(rebase-[a-z-]*-)\"\\s*\\+");
    private static final Pattern TOPIC_CONSTANT = Pattern.compile("Topics\\.([A-Z_]+)\\b");

    private KafkaAcls() {
    }

    /** The ACLs of a KafkaUser's {@code spec.authorization}. */
    static Map<String, Set<String>> granted(Manifest user) {
        JsonNode authorization = user.spec().path("authorization");
        if (!authorization.path("type").asText().equals("simple")) {
            throw new AssertionError(user + " has no simple authorization: " + authorization);
        }
        Map<String, Set<String>> out = new TreeMap<>();
        for (JsonNode acl : authorization.path("acls")) {
            JsonNode r = acl.path("resource");
            Set<String> ops = out.computeIfAbsent(key(r.path("type").asText(), r.path("patternType").asText("literal"), r.path("name").asText()),
                    k -> new TreeSet<>());
            acl.path("operations").forEach(o -> ops.add(o.asText()));
        }
        return normalized(out);
    }

    /**
     * What a service does with Kafka, from its configuration as its container sees it: Read on the topic and the group
     * of each incoming channel (a group named per process, ending in {@code ${quarkus.uuid}}, as a prefix), Write on the topic of each outgoing channel and on each dead-letter topic.
     */
    static Map<String, Set<String>> usedBy(ServiceConfig config) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (String channel : config.kafkaChannels()) {
            String prefix = "mp.messaging." + channel;
            if (channel.startsWith("incoming.")) {
                add(out, "topic", "literal", config.topic(channel), "Read");
                String group = config.value(prefix + ".group.id");
                group = group != null ? group : config.value("quarkus.application.name");
                if (group == null) {
                    throw new AssertionError(config.service + " channel " + channel + " has no group.id");
                }
                String written = config.unresolved(prefix + ".group.id");
                // a group of its own per process (a consumer every replica runs over every record): a prefix
                boolean perProcess = written != null && written.endsWith("${quarkus.uuid}");
                add(out, "group", perProcess ? "prefix" : "literal", group, "Read");
                if ("dead-letter-queue".equals(config.value(prefix + ".failure-strategy"))) {
                    String dlq = config.value(prefix + ".dead-letter-queue.topic");
                    add(out, "topic", "literal", dlq != null ? dlq : "dead-letter-topic-" + channel.substring(9), "Write");
                }
            } else {
                add(out, "topic", "literal", config.topic(channel), "Write");
            }
        }
        return normalized(out);
    }

    /**
     * What the CLI does with Kafka, from its code: submit writes the topic TaskPublisher sends to; follow reads the
     * topics TaskFollower subscribes to; replay-dlq reads every dead-letter topic and writes its original topic; each
     * consumer group is named by a literal prefix ("rebase-cli-" + a UUID), granted as a prefix.
     */
    static Map<String, Set<String>> usedByCli() {
        Map<String, Set<String>> out = new TreeMap<>();
        for (String topic : topicConstants(read(CLI.resolve("TaskPublisher.java")), "ProducerRecord")) {
            add(out, "topic", "literal", topic, "Write");
        }
        for (String topic : topicConstants(read(CLI.resolve("follow/TaskFollower.java")), "subscribe")) {
            add(out, "topic", "literal", topic, "Read");
        }
        if (read(CLI.resolve("command/ReplayDlqCommand.java")).contains("Topics.dlq(topic)")) {
            for (String topic : Topics.ALL) {
                if (topic.endsWith(Topics.DLQ_SUFFIX)) {
                    add(out, "topic", "literal", topic, "Read");
                    add(out, "topic", "literal", topic.substring(0, topic.length() - Topics.DLQ_SUFFIX.length()), "Write");
                }
            }
        }
        for (Path file : List.of(CLI.resolve("follow/TaskFollower.java"), CLI.resolve("command/ReplayDlqCommand.java"))) {
            Matcher m = GROUP_PREFIX.matcher(read(file));
            while (m.find()) {
                add(out, "group", "prefix", m.group(1), "Read");
            }
        }
        return normalized(out);
    }

    /** The topics named by Topics constants on the source lines that contain {@code call}. */
    private static Set<String> topicConstants(String source, String call) {
        Set<String> out = new TreeSet<>();
        for (String line : source.split("\n")) {
            if (!line.contains(call)) {
                continue;
            }
            Matcher m = TOPIC_CONSTANT.matcher(line);
            while (m.find()) {
                try {
                    out.add((String) Topics.class.getField(m.group(1)).get(null));
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError("Topics." + m.group(1), e);
                }
            }
        }
        if (out.isEmpty()) {
            throw new AssertionError("no Topics constant on a line with " + call);
        }
        return out;
    }

    static String key(String type, String patternType, String name) {
        return type + ":" + patternType + ":" + name;
    }

    private static void add(Map<String, Set<String>> acls, String type, String patternType, String name, String op) {
        acls.computeIfAbsent(key(type, patternType, name), k -> new TreeSet<>()).add(op);
    }

    private static Map<String, Set<String>> normalized(Map<String, Set<String>> acls) {
        acls.forEach((k, ops) -> {
            if (k.startsWith("topic:") && (ops.contains("Read") || ops.contains("Write"))) {
                ops.remove("Describe");
            }
        });
        return acls;
    }

    /**
     * The Secrets Strimzi creates for the objects, with their keys: per KafkaUser (named after it) its credentials,
     * per Kafka cluster {@code <cluster>-cluster-ca-cert}, the CA that signs the brokers' certificates.
     */
    static Map<String, Set<String>> operatorSecrets(List<Manifest> objects) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Manifest kafka : Renders.ofKind(objects, "Kafka")) {
            out.put(kafka.name() + "-cluster-ca-cert", Set.of("ca.crt", "ca.p12", "ca.password"));
        }
        for (Manifest user : Renders.ofKind(objects, "KafkaUser")) {
            String type = user.spec().path("authentication").path("type").asText();
            out.put(user.name(), switch (type) {
                case "tls" -> Set.of("ca.crt", "user.crt", "user.key", "user.p12", "user.password");
                case "scram-sha-512" -> Set.of("password", "sasl.jaas.config");
                default -> throw new AssertionError(user + ": authentication " + type);
            });
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return ConfigKeys.stripComments(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
