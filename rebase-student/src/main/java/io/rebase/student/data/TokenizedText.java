package io.rebase.student.data;

/**
 * A text split into word pieces without special tokens, with each piece's character span in the
 * original Java string (UTF-16 indices, end exclusive).
 *
 * @param ids    word-piece ids
 * @param starts start offsets
 * @param ends   end offsets
 */
public record TokenizedText(long[] ids, int[] starts, int[] ends) {

    /** Number of word pieces. */
    public int length() {
        return ids.length;
    }
}
