package io.rebase.student.decoder;

/** Text to token ids and back, for prompts and stop strings. */
public interface TokenText {

    /** The ids of {@code text}, without special tokens added. */
    int[] encode(String text);

    /** The text of {@code ids}, special tokens skipped. */
    String decode(int[] ids);
}
