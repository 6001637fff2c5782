package io.rebase.student.data;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses lettered option strings such as {@code "(A) first (B) second"}. */
public final class Choices {

    private static final Pattern MARKER = Pattern.compile("\\(([A-Z])\\)\\s*");

    /**
     * One option.
     *
     * @param letter the option letter, e.g. {@code "B"}
     * @param text   the option text
     */
    public record Choice(String letter, String text) {}

    private Choices() {}

    /** Splits the option string; text before the first marker is ignored. */
    public static List<Choice> parse(String choices) {
        Matcher m = MARKER.matcher(choices);
        List<int[]> marks = new ArrayList<>();
        List<String> letters = new ArrayList<>();
        while (m.find()) {
            marks.add(new int[] {m.start(), m.end()});
            letters.add(m.group(1));
        }
        List<Choice> out = new ArrayList<>();
        for (int i = 0; i < marks.size(); i++) {
            int end = i + 1 < marks.size() ? marks.get(i + 1)[0] : choices.length();
            out.add(new Choice(letters.get(i), choices.substring(marks.get(i)[1], end).trim()));
        }
        return out;
    }

    /** Normalises an answer such as {@code "(b)"}, {@code "B."} or {@code "b"} to its letter. */
    public static String letterOf(String answer) {
        String s = answer.trim().toUpperCase().replaceAll("[^A-Z]", "");
        return s.isEmpty() ? "" : s.substring(0, 1);
    }
}
