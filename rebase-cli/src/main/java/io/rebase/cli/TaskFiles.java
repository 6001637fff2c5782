package io.rebase.cli;

import io.rebase.contracts.InvalidTaskRequestException;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskRequestParser;
import io.rebase.contracts.Violation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Reads and validates a task file before anything is sent, so a bad file fails here, naming the field. */
public final class TaskFiles {

    private TaskFiles() {
    }

    /** The valid request in {@code file}, with a task id (generated when absent). */
    public static TaskRequest read(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new CliException("cannot read task file " + file + ": " + e.getMessage());
        }
        try {
            TaskRequest request = TaskRequestParser.parse(json);
            return request.taskId() != null ? request
                    : request.withTaskId("task-" + UUID.randomUUID().toString().substring(0, 13));
        } catch (InvalidTaskRequestException e) {
            StringBuilder msg = new StringBuilder("invalid task file " + file + ":");
            for (Violation v : e.violations()) {
                msg.append("\n  - ").append(v.field()).append(": ").append(v.message());
            }
            throw new CliException(msg.toString());
        }
    }
}
