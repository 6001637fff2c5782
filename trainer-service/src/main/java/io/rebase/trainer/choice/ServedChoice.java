package io.rebase.trainer.choice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which model is served and why: what goes on the COMPLETED event, the report and the CLI summary.
 *
 * @param served     the served candidate's name
 * @param rebase     whether the served model was trained on retrieved rows
 * @param reason     one sentence: why this candidate
 * @param metric     the metric compared
 * @param basis      what the candidates were scored on
 * @param candidates every candidate's score, in the order they were offered
 */
public record ServedChoice(String served, boolean rebase, String reason, String metric, EvalBasis basis,
                           List<CandidateScore> candidates) {

    public ServedChoice {
        candidates = List.copyOf(candidates);
    }

    /** The served candidate's score, or null when the candidates were not scored. */
    public Double servedScore() {
        return candidates.stream().filter(c -> c.name().equals(served)).findFirst().map(CandidateScore::score).orElse(null);
    }

    /** Candidate name to score, in offer order. */
    public Map<String, Double> scores() {
        Map<String, Double> out = new LinkedHashMap<>();
        candidates.forEach(c -> out.put(c.name(), c.score()));
        return out;
    }

    /** The event / report form: plain maps, lists and numbers. */
    public Map<String, Object> toDetails() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("served", served);
        out.put("rebase", rebase);
        out.put("reason", reason);
        out.put("metric", metric);
        out.put("basis", basis.kind().name().toLowerCase().replace('_', '-'));
        out.put("basisText", basis.kind().text());
        out.put("items", basis.items());
        if (!basis.weakness().isEmpty()) {
            out.put("weakness", basis.weakness());
        }
        out.put("scores", scores());
        return out;
    }

    /** The one-line summary: {@code served few-shot (accuracy few-shot 0.948, rebase 0.540 on 250 items, evaluation file): why}. */
    public String line() {
        if (candidates.isEmpty()) {
            return "served " + served + ": " + reason;
        }
        StringBuilder s = new StringBuilder("served ").append(served).append(" (").append(metric);
        for (int i = 0; i < candidates.size(); i++) {
            CandidateScore c = candidates.get(i);
            s.append(i == 0 ? " " : ", ").append(c.name()).append(' ').append(String.format("%.3f", c.score()));
        }
        return s.append(" on ").append(basis.items()).append(" items, ").append(basis.kind().text()).append("): ")
                .append(reason).toString();
    }
}
