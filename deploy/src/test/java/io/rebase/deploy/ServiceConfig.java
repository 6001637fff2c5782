package io.rebase.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one service's configuration says, read from its files at test time: its application.properties over the
 * shared defaults of rebase-service-commons (profile-less values, expressions resolved), and every configuration key
 * it declares in properties and Java sources.
 */
final class ServiceConfig {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");
    private static final Pattern CHANNEL_KEY = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.connector");

    final String service;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> keys = new TreeSet<>();
    /** Environment variables of a deployment, which override every file (by Quarkus env naming). */
    private final Map<String, String> env = new LinkedHashMap<>();

    private ServiceConfig(String service) {
        this.service = service;
    }

    static ServiceConfig of(String service) {
        Path props = RepoPaths.service(service).resolve("src/main/resources/application.properties");
        if (!Files.isRegularFile(props)) {
            throw new AssertionError(service + " has no " + RepoPaths.root().relativize(props));
        }
        ServiceConfig config = new ServiceConfig(service);
        config.load(RepoPaths.commons().resolve("src/main/resources/META-INF/microprofile-config.properties"));
        config.load(props);
        config.scanSources(RepoPaths.commons().resolve("src/main/java"));
        config.scanSources(RepoPaths.service(service).resolve("src/main/java"));
        return config;
    }

    private void load(Path file) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("%")) {
                // a profile's value: the key exists, the deployed (prod) value is the profile-less one
                keys.add(key.substring(key.indexOf('.') + 1));
                continue;
            }
            keys.add(key);
            values.put(key, p.getProperty(key));
            // a key read through an expression (${quarkus.langchain4j.openai.api-key:}) can be set on its own
            Matcher m = EXPRESSION.matcher(p.getProperty(key));
            while (m.find()) {
                keys.add(m.group(1));
            }
        }
    }

    private void scanSources(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                keys.addAll(ConfigKeys.of(Files.readString(f)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This configuration as a container with environment {@code env} sees it. */
    ServiceConfig withEnv(Map<String, String> environment) {
        ServiceConfig copy = new ServiceConfig(service);
        copy.values.putAll(values);
        copy.keys.addAll(keys);
        copy.env.putAll(environment);
        return copy;
    }

    /** The profile-less value of {@code key} as written, expressions unresolved, or null. */
    String unresolved(String key) {
        return env.containsKey(ConfigKeys.envName(key)) ? env.get(ConfigKeys.envName(key)) : values.get(key);
    }

    /** The resolved profile-less value of {@code key}, or null. */
    String value(String key) {
        String raw = env.containsKey(ConfigKeys.envName(key)) ? env.get(ConfigKeys.envName(key)) : values.get(key);
        return raw == null ? null : resolve(raw, 0);
    }

    private String resolve(String raw, int depth) {
        if (depth > 10) {
            return raw;
        }
        Matcher m = EXPRESSION.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String v = env.containsKey(ConfigKeys.envName(name)) ? env.get(ConfigKeys.envName(name)) : values.get(name);
            String replacement = v != null ? resolve(v, depth + 1) : (m.group(2) != null ? m.group(2) : "");
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    int httpPort() {
        String port = value("quarkus.http.port");
        if (port == null) {
            throw new AssertionError(service + " does not set quarkus.http.port");
        }
        return Integer.parseInt(port.trim());
    }

    /** Kafka channels (smallrye-kafka connector) by "incoming.name" / "outgoing.name". */
    Set<String> kafkaChannels() {
        Set<String> out = new LinkedHashSet<>();
        for (String key : values.keySet()) {
            Matcher m = CHANNEL_KEY.matcher(key);
            if (m.matches() && "smallrye-kafka".equals(value(key))) {
                out.add(m.group(1) + "." + m.group(2));
            }
        }
        return out;
    }

    /** The topic of a channel ("incoming.x"): its topic attribute, or the channel name as smallrye defaults. */
    String topic(String channel) {
        String t = value("mp.messaging." + channel + ".topic");
        return t != null ? t : channel.substring(channel.indexOf('.') + 1);
    }

    /** Every topic the service reads, writes or dead-letters to. */
    Set<String> topics() {
        Set<String> out = new TreeSet<>();
        for (String channel : kafkaChannels()) {
            out.add(topic(channel));
            String dlq = value("mp.messaging." + channel + ".dead-letter-queue.topic");
            if (dlq != null) {
                out.add(dlq);
            } else if ("dead-letter-queue".equals(value("mp.messaging." + channel + ".failure-strategy"))) {
                out.add("dead-letter-topic-" + channel.substring(channel.indexOf('.') + 1));
            }
        }
        return out;
    }

    /** The consumer group of the incoming channels reading {@code topic}. */
    Set<String> groupIds(String topic) {
        Set<String> out = new TreeSet<>();
        for (String channel : kafkaChannels()) {
            if (channel.startsWith("incoming.") && topic(channel).equals(topic)) {
                String group = value("mp.messaging." + channel + ".group.id");
                // smallrye defaults the group to the application name
                out.add(group != null ? group : value("quarkus.application.name"));
            }
        }
        return out;
    }

    /** Every configuration key the service knows (map members end in ".*"). */
    Set<String> keys() {
        return keys;
    }

    /** Whether {@code env} names one of the service's configuration keys, as Quarkus maps environment variables. */
    boolean knowsEnv(String env) {
        for (String key : keys) {
            if (key.endsWith(".*")) {
                if (env.startsWith(ConfigKeys.envName(key.substring(0, key.length() - 2)) + "_")) {
                    return true;
                }
            } else if (ConfigKeys.envName(key).equals(env)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the service's pom declares {@code artifactId}. */
    boolean dependsOn(String artifactId) {
        try {
            return Files.readString(RepoPaths.service(service).resolve("pom.xml")).contains("<artifactId>" + artifactId + "</artifactId>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ServiceConfig> all() {
        return RepoPaths.SERVICES.stream().map(ServiceConfig::of).toList();
    }
}
