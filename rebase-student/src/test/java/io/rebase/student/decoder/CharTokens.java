package io.rebase.student.decoder;

/** A character-level {@link TokenText} for tests: 0 pad, 1 BOS, 2 EOS, then one id per character of the alphabet. */
final class CharTokens implements TokenText {

    static final int BOS = 1;
    static final int EOS = 2;
    private static final String ALPHABET = " abcdefghijklmnopqrstuvwxyzS.?0123456789:+";

    int vocabSize() {
        return ALPHABET.length() + 3;
    }

    @Override
    public int[] encode(String text) {
        int[] ids = new int[text.length()];
        for (int i = 0; i < ids.length; i++) {
            int at = ALPHABET.indexOf(text.charAt(i));
            if (at < 0) {
                throw new IllegalArgumentException("no token for '" + text.charAt(i) + "'");
            }
            ids[i] = at + 3;
        }
        return ids;
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (id >= 3) {
                sb.append(ALPHABET.charAt(id - 3));
            }
        }
        return sb.toString();
    }
}
