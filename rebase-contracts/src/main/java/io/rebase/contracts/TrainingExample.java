package io.rebase.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A task-formatted example published on {@link Topics#TRAINING_EXAMPLES} keyed by taskId.
 *
 * @param exampleId deterministic: {@link #exampleIdOf(String, String)} of taskId and rowId, so consumers deduplicate
 * @param taskId    the task
 * @param input     the task's input fields
 * @param rationale step-by-step reasoning ending with the output (empty when none is known)
 * @param output    the expected output
 * @param source    the datastore row it was made from
 * @param mode      how it was made: {@code llm} or {@code mapping}
 * @param scores    the retrieval scores of the source row (absent from the JSON when unknown)
 */
public record TrainingExample(String exampleId, String taskId, Map<String, String> input, String rationale,
                              String output, SourceRef source, String mode, RowScores scores) {

    /** An example without retrieval scores (the task's own examples, tests). */
    public TrainingExample(String exampleId, String taskId, Map<String, String> input, String rationale,
                           String output, SourceRef source, String mode) {
        this(exampleId, taskId, input, rationale, output, source, mode, null);
    }

    /** The example made of candidate {@code row}: its id, task, source reference and retrieval scores. */
    public static TrainingExample fromRow(CandidateRow row, Map<String, String> input, String rationale, String output,
                                          String mode) {
        return new TrainingExample(exampleIdOf(row.taskId(), row.rowId()), row.taskId(), input, rationale, output,
                new SourceRef(row.rowId(), row.dataset(), row.config(), row.rowIndex()), mode, row.scores());
    }

    /** The deterministic example id: hex SHA-256 of {@code taskId + '\n' + rowId}, cut to 32 characters. */
    public static String exampleIdOf(String taskId, String rowId) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest((taskId + "\n" + rowId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
