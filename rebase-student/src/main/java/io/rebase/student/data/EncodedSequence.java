package io.rebase.student.data;

/**
 * One model input sequence, special tokens included, before padding.
 *
 * @param ids     word-piece ids
 * @param typeIds segment ids (0 for the first text, 1 for the pair text)
 */
public record EncodedSequence(long[] ids, long[] typeIds) {

    /** Number of tokens. */
    public int length() {
        return ids.length;
    }
}
