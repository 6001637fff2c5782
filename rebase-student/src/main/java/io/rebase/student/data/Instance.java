package io.rebase.student.data;

import java.util.List;

/**
 * A model-ready training instance.
 *
 * @param sequences one sequence (classification, QA window) or one per option (multiple choice)
 * @param label     target label / option index; -1 for QA
 * @param spanStart QA: answer start token position in the sequence; -1 otherwise
 * @param spanEnd   QA: answer end token position (inclusive); -1 otherwise
 */
public record Instance(List<EncodedSequence> sequences, int label, int spanStart, int spanEnd) {

    /** Longest sequence length, the bucketing key. */
    public int maxLength() {
        int m = 0;
        for (EncodedSequence s : sequences) {
            m = Math.max(m, s.length());
        }
        return m;
    }
}
