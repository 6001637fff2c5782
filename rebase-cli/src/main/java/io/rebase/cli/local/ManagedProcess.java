package io.rebase.cli.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the local stack with its log file; stopped gently (SIGTERM, so Quarkus and Kafka shut
 * down cleanly) and then forcibly if it does not exit in time.
 */
public final class ManagedProcess {

    private final String name;
    private final Process process;
    private final Path log;
    private final List<String> command;
    private final java.util.Map<String, String> env;

    private ManagedProcess(String name, Process process, Path log, List<String> command, java.util.Map<String, String> env) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.command = List.copyOf(command);
        this.env = java.util.Map.copyOf(env);
    }

    /** Starts {@code command} with extra environment, its output going to {@code log}. */
    public static ManagedProcess start(String name, List<String> command, java.util.Map<String, String> env, Path log) {
        return launch(name, command, env, log, ProcessBuilder.Redirect.to(log.toFile()));
    }

    private static ManagedProcess launch(String name, List<String> command, java.util.Map<String, String> env, Path log,
                                         ProcessBuilder.Redirect output) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output);
            pb.environment().putAll(env);
            return new ManagedProcess(name, pb.start(), log, command, env);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts the same command with the same environment again (same port, same data), appending to the same log;
     * this one must have exited.
     */
    public ManagedProcess relaunch() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        return launch(name, command, env, log, ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    /** Kills the process at once (SIGKILL), as a crash or an OOM kill would, and waits for it to be gone. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How often {@code text} occurs in the log (a relaunched process appends to it). */
    public int logCount(String text) {
        try {
            if (!Files.exists(log)) {
                return 0;
            }
            String all = Files.readString(log);
            int n = 0;
            for (int i = all.indexOf(text); i >= 0; i = all.indexOf(text, i + text.length())) {
                n++;
            }
            return n;
        } catch (IOException e) {
            return 0;
        }
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The last lines of the log, for error messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Whether the log holds {@code text}. */
    public boolean logContains(String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the process: SIGTERM, then SIGKILL after {@code graceSeconds}. */
    public void stop(int graceSeconds) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
