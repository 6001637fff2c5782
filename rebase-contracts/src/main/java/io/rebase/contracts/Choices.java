package io.rebase.contracts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The multiple-choice rule every module shares: how a choices string such as {@code "(A) red (B) blue"} is split
 * into options, and which option an answer designates. The request validator, the transformer's example check and
 * the student's featurizer and evaluator all read answers through here, so an answer one of them accepts the others
 * accept too.
 */
public final class Choices {

    private static final Pattern MARKER = Pattern.compile("\\(([A-Z])\\)\\s*");
    /** A lone option letter, optionally in parentheses, optionally followed by punctuation or the option text. */
    private static final Pattern LETTER_FORM = Pattern.compile("^\\(?([A-Za-z])\\)?(?:[.:)\\s].*)?$", Pattern.DOTALL);

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
        List<Choice> out = new ArrayList<>();
        if (choices == null) {
            return out;
        }
        Matcher m = MARKER.matcher(choices);
        String letter = null;
        int start = 0;
        while (m.find()) {
            if (letter != null) {
                out.add(new Choice(letter, choices.substring(start, m.start()).strip()));
            }
            letter = m.group(1);
            start = m.end();
        }
        if (letter != null) {
            out.add(new Choice(letter, choices.substring(start).strip()));
        }
        return out;
    }

    /** The option letters of a choices string, in order. */
    public static List<String> letters(String choices) {
        return parse(choices).stream().map(Choice::letter).toList();
    }

    /**
     * The letter an answer written in letter form designates, upper-cased: {@code "b"}, {@code "(b)"}, {@code "B."},
     * {@code "B: ..."} and {@code "(B) blue sky"} all give {@code "B"}. Empty when the answer is not in letter form
     * (use {@link #answerLetter} when the choices are at hand, which also matches an option's text).
     */
    public static String letterOf(String answer) {
        if (answer == null) {
            return "";
        }
        Matcher m = LETTER_FORM.matcher(answer.strip());
        return m.matches() ? m.group(1).toUpperCase(Locale.ROOT) : "";
    }

    /**
     * The option letter {@code answer} designates among {@code choices}: its {@link #letterOf letter form} when that
     * letter is an option, else the option whose text equals the answer up to case and whitespace; null when neither.
     */
    public static String answerLetter(String choices, String answer) {
        if (answer == null) {
            return null;
        }
        List<Choice> options = parse(choices);
        String letter = letterOf(answer);
        if (options.stream().anyMatch(o -> o.letter().equals(letter))) {
            return letter;
        }
        String key = TaskRequestValidator.normalise(answer);
        return options.stream().filter(o -> TaskRequestValidator.normalise(o.text()).equals(key))
                .map(Choice::letter).findFirst().orElse(null);
    }
}
