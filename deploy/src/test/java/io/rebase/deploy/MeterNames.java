package io.rebase.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Micrometer meter names the services register in code ({@code "rebase.llm.tokens"}), found as string literals in
 * Java sources that use Micrometer, and their Prometheus forms.
 */
final class MeterNames {

    private static final Pattern LITERAL = Pattern.compile("\"(rebase\\.[a-z0-9_.]+)\"");
    /** Suffixes Micrometer's Prometheus naming appends (counter, timer, summary, histogram, base units). */
    private static final List<String> SUFFIXES = List.of("_seconds_bucket", "_seconds_count", "_seconds_sum", "_seconds_max",
            "_seconds", "_total", "_bucket", "_count", "_sum", "_max");

    /** Prefixes of the meters Quarkus' Micrometer binders register (JVM, process, HTTP server, Kafka clients). */
    static final List<String> BINDER_PREFIXES = List.of("jvm_", "process_", "system_", "http_server_requests_",
            "kafka_consumer_", "kafka_producer_");

    private MeterNames() {
    }

    /** Meter names (Prometheus form without suffixes: {@code rebase_llm_tokens}) registered by the services' code. */
    static Set<String> registered() {
        Set<String> out = new TreeSet<>();
        List<Path> roots = Stream.concat(RepoPaths.SERVICES.stream().map(RepoPaths::service), Stream.of(RepoPaths.commons()))
                .map(p -> p.resolve("src/main/java")).filter(Files::isDirectory).toList();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String code = Files.readString(f);
                    if (!code.contains("io.micrometer")) {
                        continue;
                    }
                    Matcher m = LITERAL.matcher(ConfigKeys.stripComments(code));
                    while (m.find()) {
                        out.add(m.group(1).replace('.', '_'));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Whether the Prometheus series name {@code metric} comes from one of {@code registered}. */
    static boolean isRegistered(String metric, Set<String> registered) {
        if (registered.contains(metric)) {
            return true;
        }
        for (String suffix : SUFFIXES) {
            if (metric.endsWith(suffix) && registered.contains(metric.substring(0, metric.length() - suffix.length()))) {
                return true;
            }
        }
        return false;
    }
}
