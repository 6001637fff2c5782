package io.rebase.student.data;

import io.rebase.contracts.Choices;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Turns examples into encoder inputs for a {@link TaskSpec}. */
public final class Featurizer {

    /** Questions longer than this many word pieces are truncated so contexts keep most of a window. */
    private static final int MAX_QUESTION_TOKENS = 64;

    private final TaskSpec spec;
    private final StudentTokenizer tokenizer;

    public Featurizer(TaskSpec spec, StudentTokenizer tokenizer) {
        this.spec = spec;
        this.tokenizer = tokenizer;
    }

    /** The task this featurizer encodes for. */
    public TaskSpec spec() {
        return spec;
    }

    /** Encodes labelled examples; unusable ones are counted in {@link Featurized#dropped()}. */
    public Featurized training(List<Example> examples) {
        List<Instance> out = new ArrayList<>();
        int dropped = 0;
        for (Example ex : examples) {
            List<Instance> inst = trainingInstances(ex);
            if (inst.isEmpty()) {
                dropped++;
            }
            out.addAll(inst);
        }
        return new Featurized(out, dropped);
    }

    /** Encodes one labelled example; empty when it cannot be used. */
    public List<Instance> trainingInstances(Example ex) {
        if (ex.output() == null) {
            return List.of();
        }
        switch (spec.type()) {
            case CLASSIFICATION -> {
                int label = spec.labels().indexOf(ex.output().trim());
                if (label < 0 || text(ex.input(), spec.roles().first()) == null) {
                    return List.of();
                }
                return List.of(new Instance(List.of(classificationInput(ex.input())), label, -1, -1));
            }
            case EXTRACTIVE_QA -> {
                return qaInstances(ex);
            }
            case MULTIPLE_CHOICE -> {
                String choices = text(ex.input(), spec.roles().choices());
                if (choices == null) {
                    return List.of();
                }
                List<Choices.Choice> options = Choices.parse(choices);
                String letter = Choices.answerLetter(choices, ex.output());
                int label = -1;
                for (int i = 0; i < options.size(); i++) {
                    if (options.get(i).letter().equals(letter)) {
                        label = i;
                    }
                }
                if (label < 0) {
                    return List.of();
                }
                return List.of(new Instance(choiceInputs(ex.input(), options), label, -1, -1));
            }
            default -> throw new IllegalStateException();
        }
    }

    /** The single or paired sequence of a classification input. */
    public EncodedSequence classificationInput(Map<String, String> input) {
        String a = text(input, spec.roles().first());
        String b = spec.roles().second() == null ? null : text(input, spec.roles().second());
        if (a == null) {
            throw new IllegalArgumentException("missing input field " + spec.roles().first());
        }
        return b == null ? tokenizer.single(a, spec.maxSeqLength()) : tokenizer.pair(a, b, spec.maxSeqLength());
    }

    /** One {@code (question [+ context], option)} pair per option. */
    public List<EncodedSequence> choiceInputs(Map<String, String> input, List<Choices.Choice> options) {
        String question = text(input, spec.roles().first());
        String context = spec.roles().second() == null ? null : text(input, spec.roles().second());
        String first = context == null ? question : context + " " + question;
        List<EncodedSequence> out = new ArrayList<>();
        for (Choices.Choice c : options) {
            out.add(tokenizer.pair(first == null ? "" : first, c.text(), spec.maxSeqLength()));
        }
        return out;
    }

    /** Splits a (question, context) pair into overlapping windows that cover the whole context. */
    public List<QaWindow> qaWindows(String question, String context) {
        long[] q = tokenizer.tokenize(question).ids();
        int maxQuestion = Math.min(MAX_QUESTION_TOKENS, spec.maxSeqLength() / 2);
        if (q.length > maxQuestion) {
            q = Arrays.copyOf(q, maxQuestion);
        }
        TokenizedText ctx = tokenizer.tokenize(context);
        int budget = spec.maxSeqLength() - q.length - 3;
        int step = Math.max(1, budget - Math.min(spec.docStride(), budget - 1));
        List<QaWindow> windows = new ArrayList<>();
        int n = ctx.length();
        for (int start = 0; ; start += step) {
            int end = Math.min(start + budget, n);
            long[] slice = Arrays.copyOfRange(ctx.ids(), start, end);
            EncodedSequence seq = tokenizer.assemble(q, slice, spec.maxSeqLength());
            windows.add(new QaWindow(seq, q.length + 2,
                    Arrays.copyOfRange(ctx.starts(), start, end), Arrays.copyOfRange(ctx.ends(), start, end)));
            if (end >= n) {
                break;
            }
        }
        return windows;
    }

    private List<Instance> qaInstances(Example ex) {
        String question = text(ex.input(), spec.roles().first());
        String context = text(ex.input(), spec.roles().second());
        String answer = ex.output().trim();
        if (question == null || context == null || answer.isEmpty()) {
            return List.of();
        }
        int charStart = context.indexOf(answer);
        if (charStart < 0) {
            return List.of();
        }
        int charEnd = charStart + answer.length();
        List<Instance> out = new ArrayList<>();
        // only windows holding the whole answer are used: SQuAD v1 style, no "no answer" target
        for (QaWindow w : qaWindows(question, context)) {
            int first = -1;
            int last = -1;
            for (int i = 0; i < w.contextLength(); i++) {
                if (first < 0 && w.charEnds()[i] > charStart) {
                    first = i;
                }
                if (w.charStarts()[i] < charEnd) {
                    last = i;
                }
            }
            boolean covers = w.contextLength() > 0 && w.charStarts()[0] <= charStart
                    && w.charEnds()[w.contextLength() - 1] >= charEnd;
            if (covers && first >= 0 && last >= first) {
                out.add(new Instance(List.of(w.sequence()), -1, w.contextStart() + first, w.contextStart() + last));
            }
        }
        return out;
    }

    private static String text(Map<String, String> input, String field) {
        if (field == null) {
            return null;
        }
        String v = input.get(field);
        return v == null || v.isBlank() ? null : v;
    }
}
