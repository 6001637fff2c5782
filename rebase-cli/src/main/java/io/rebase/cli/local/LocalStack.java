package io.rebase.cli.local;

import io.rebase.cli.CliException;
import io.rebase.cli.http.ServiceClient;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system on one machine, as separate processes like in production: the in-process Kafka broker
 * (its own JVM) and the three services (their Quarkus jars), each with its data and log under one work folder.
 * {@link #close()} stops everything it started; a shutdown hook does the same on Ctrl-C.
 */
public final class LocalStack implements AutoCloseable {

    /** The services in start order with their JVM heap. */
    /**
     * H2 writes each commit before it returns: a service killed mid-task (as the fault-tolerance test and a crash do)
     * keeps what it committed; H2's default write delay of 500 ms would lose the last commits.
     */
    private static final String H2_DURABLE = ";WRITE_DELAY=0";

    private static final List<String[]> SERVICES = List.of(
            new String[]{"retriever-service", "-Xmx3g"},
            new String[]{"transformer-service", "-Xmx1g"},
            new String[]{"trainer-service", "-Xmx6g"});

    private final Path repoRoot;
    private final Path workDir;
    private final Map<String, String> extraEnv;
    private final PrintStream out;
    private final List<ManagedProcess> processes = new ArrayList<>();
    private final Map<String, String> urls = new LinkedHashMap<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "local-stack-shutdown");
    private String bootstrapServers;
    private int kafkaPort;
    private int transformerReplicas = 1;

    public LocalStack(Path repoRoot, Path workDir, Map<String, String> extraEnv, PrintStream out) {
        this.repoRoot = repoRoot.toAbsolutePath().normalize();
        this.workDir = workDir.toAbsolutePath().normalize();
        this.extraEnv = extraEnv;
        this.out = out;
    }

    /**
     * Runs {@code replicas} transformer processes in one consumer group (set before {@link #start}); the first is
     * named {@code transformer-service}, the others {@code transformer-service-2}, {@code -3}, ...
     */
    public LocalStack transformerReplicas(int replicas) {
        if (replicas < 1) {
            throw new IllegalArgumentException("at least one transformer replica");
        }
        this.transformerReplicas = replicas;
        return this;
    }

    /** Starts the broker and the services and waits until each is ready. */
    public LocalStack start(Path datastoreRoot) {
        for (String[] service : SERVICES) {
            if (!Files.exists(jarOf(service[0]))) {
                throw new CliException(jarOf(service[0]) + " is missing: build first with ./mvnw -B package -DskipTests");
            }
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        startKafka();
        List<String> names = new ArrayList<>();
        for (String[] service : SERVICES) {
            int copies = service[0].equals("transformer-service") ? transformerReplicas : 1;
            for (int i = 1; i <= copies; i++) {
                String name = i == 1 ? service[0] : service[0] + "-" + i;
                int port = freePort();
                urls.put(name, "http://localhost:" + port);
                processes.add(ManagedProcess.start(name, List.of(javaBin(), service[1], "-Dai.djl.offline=true",
                        "-jar", jarOf(service[0]).toString()), envFor(service[0], port, datastoreRoot), log(name)));
                names.add(name);
            }
        }
        for (String name : names) {
            awaitReady(name);
        }
        return this;
    }

    /** Kills a process of the stack at once (SIGKILL: no shutdown hook, no offset commit), as a crash would. */
    public void kill(String name) {
        process(name).kill();
        out.println(name + " killed");
    }

    /**
     * Starts a stopped or killed service again with the same command, port, environment and data folder, and
     * waits until it is ready.
     */
    public void restart(String name) {
        ManagedProcess old = process(name);
        if (old.alive()) {
            old.stop(20);
        }
        processes.set(processes.indexOf(old), old.relaunch());
        awaitReady(name);
    }

    /**
     * Restarts the broker: a clean stop (SIGTERM), then the same port and the same log folder, so that topics,
     * records and committed offsets survive, as in a rolling restart; the services' clients reconnect by themselves.
     * {@code downMillis} is how long the broker stays away.
     */
    public void restartKafka(long downMillis) {
        ManagedProcess old = process("kafka");
        int readyBefore = old.logCount("KAFKA_READY");
        old.stop(30);
        out.println("kafka stopped");
        sleep(downMillis);
        ManagedProcess kafka = old.relaunch();
        processes.set(processes.indexOf(old), kafka);
        awaitKafka(kafka, readyBefore + 1);
    }

    /** A process of the stack by name ({@code kafka}, {@code trainer-service}, {@code transformer-service-2}, ...). */
    public ManagedProcess process(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no process " + name));
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The base URL of a service. */
    public String url(String service) {
        return urls.get(service);
    }

    public Path workDir() {
        return workDir;
    }

    private void startKafka() {
        kafkaPort = freePort();
        ManagedProcess kafka = ManagedProcess.start("kafka", List.of(javaBin(), "-Xmx1g",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                "io.rebase.kafka.EmbeddedKafkaMain", String.valueOf(kafkaPort), workDir.resolve("kafka").toString()),
                Map.of(), log("kafka"));
        processes.add(kafka);
        bootstrapServers = "localhost:" + kafkaPort;
        awaitKafka(kafka, 1);
    }

    private void awaitKafka(ManagedProcess kafka, int readyLines) {
        long deadline = System.currentTimeMillis() + 120_000;
        while (kafka.logCount("KAFKA_READY") < readyLines) {
            if (!kafka.alive() || System.currentTimeMillis() > deadline) {
                throw new CliException("the Kafka broker did not start; its log (" + kafka.log() + ") ends with:\n" + kafka.tail(20));
            }
            sleep(200);
        }
        out.println("kafka ready on " + bootstrapServers);
    }

    private Map<String, String> envFor(String service, int port, Path datastoreRoot) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        // PyTorch / ONNX Runtime worker threads otherwise spin while waiting for each other: on a machine shared with
        // the other services that costs the trainer about 90% of its speed (measured, benchmarks/student/RESULTS.md).
        env.put("OMP_WAIT_POLICY", "PASSIVE");
        Path data = workDir.resolve(service.replace("-service", ""));
        switch (service) {
            case "retriever-service" -> {
                env.put("REBASE_RETRIEVER_DATASTORE_ROOT", datastoreRoot.toAbsolutePath().toString());
                env.put("REBASE_RETRIEVER_DATA_DIR", data.toString());
                env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:h2:file:" + data.resolve("registry") + H2_DURABLE);
                Map<String, String> inherited = new LinkedHashMap<>(System.getenv());
                inherited.putAll(extraEnv);
                if (!inherited.containsKey("REBASE_RETRIEVER_RETRIEVAL_FOREIGN_LABELS") && TransformerLlm.configured(inherited)) {
                    // an LLM relabels rows whose labels are none of the task's: keep them as candidates
                    env.put("REBASE_RETRIEVER_RETRIEVAL_FOREIGN_LABELS", "keep");
                }
            }
            case "trainer-service" -> {
                env.put("REBASE_TRAINER_DATA_DIR", data.toString());
                env.put("REBASE_TRAINER_EVAL_ROOT", repoRoot.toString());
                // student model folders only from here (the sample generation task names /models/...); --env overrides
                env.put("REBASE_TRAINER_MODELS_ROOT", "/models");
                env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:h2:file:" + data.resolve("trainer") + H2_DURABLE);
            }
            default -> {
                // the transformer keeps no state
            }
        }
        env.putAll(extraEnv);
        return env;
    }

    private void awaitReady(String service) {
        ManagedProcess process = process(service);
        ServiceClient client = new ServiceClient(urls.get(service), null);
        long deadline = System.currentTimeMillis() + 180_000;
        while (!client.ready()) {
            if (!process.alive() || System.currentTimeMillis() > deadline) {
                throw new CliException(service + " did not become ready; its log (" + process.log() + ") ends with:\n"
                        + process.tail(30));
            }
            sleep(500);
        }
        out.println(service + " ready on " + urls.get(service));
    }

    private Path jarOf(String service) {
        return repoRoot.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private Path log(String name) {
        return workDir.resolve("logs").resolve(name + ".log");
    }

    /** Every process still running, for failure messages. */
    public List<ManagedProcess> processes() {
        return processes;
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running this
        }
    }

    private synchronized void stopAll() {
        // services first, then the broker, so that they can commit their offsets on the way out
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop(20);
        }
        processes.clear();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("localhost", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
