package io.rebase.student.data;

import java.util.Map;

/**
 * One supervised example as produced by the teacher / datastore.
 *
 * @param input     input fields by name, e.g. {@code premise}/{@code hypothesis} or {@code question}/{@code context}
 * @param output    the target: a label, an answer span text, or a choice letter
 * @param rationale optional teacher explanation; ignored by encoder students (may be null)
 */
public record Example(Map<String, String> input, String output, String rationale) {

    public Example {
        input = Map.copyOf(input);
    }

    /** An example without rationale. */
    public Example(Map<String, String> input, String output) {
        this(input, output, null);
    }
}
