package io.rebase.student.data;

/**
 * One window of a (question, context) pair for extractive QA.
 *
 * @param sequence     {@code [CLS] question [SEP] context-slice [SEP]}
 * @param contextStart position in {@code sequence} of the first context token
 * @param charStarts   per context token of the window: start offset in the context string
 * @param charEnds     per context token of the window: end offset (exclusive) in the context string
 */
public record QaWindow(EncodedSequence sequence, int contextStart, int[] charStarts, int[] charEnds) {

    /** Number of context tokens in this window. */
    public int contextLength() {
        return charStarts.length;
    }
}
