package io.rebase.trainer.training;

import io.rebase.student.data.GoldExample;
import io.rebase.student.data.JsonlExamples;
import io.rebase.contracts.TaskType;
import io.rebase.trainer.plan.EvalPaths;
import io.rebase.trainer.plan.PlanException;
import io.rebase.trainer.plan.TaskPlan;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Reads a request's evaluation file (jsonl in the benchmark conventions: SQuAD {@code {context, question, answers}}
 * for extractive QA, otherwise records with the input fields and a {@code label} / {@code answer} column), at most
 * {@code maxEvalExamples} of it. A file that cannot serve fails the task naming {@code evaluation.evalSetPath}.
 */
public final class EvalSet {

    private EvalSet() {
    }

    /** The gold examples of the plan's evaluation file, or null when the plan evaluates on the held-out slice. */
    public static List<GoldExample> read(TaskPlan plan) {
        if (plan.evalSet() == null) {
            return null;
        }
        try {
            // a generation plan has no encoder spec: its records are flat, keyed by the request's field names
            boolean squad = plan.spec() != null && plan.spec().type() == TaskType.EXTRACTIVE_QA;
            List<GoldExample> all = squad ? squad(plan)
                    : JsonlExamples.readGeneric(plan.evalSet(), plan.request().inputFields(), null);
            String first = plan.spec() == null ? plan.request().inputFields().get(0) : plan.spec().roles().first();
            if (all.isEmpty() || all.stream().anyMatch(g -> !g.input().containsKey(first) || g.golds().isEmpty())) {
                throw new PlanException(EvalPaths.FIELD, "evaluation records need the field '" + first + "' and an answer");
            }
            return all.subList(0, Math.min(all.size(), plan.maxEvalExamples()));
        } catch (IOException e) {
            throw new PlanException(EvalPaths.FIELD, "cannot read: " + e.getMessage());
        } catch (PlanException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PlanException(EvalPaths.FIELD, "unreadable evaluation file: " + e.getMessage());
        }
    }

    /** SQuAD records, their question and context renamed to the task's field names. */
    private static List<GoldExample> squad(TaskPlan plan) throws IOException {
        String q = plan.spec().roles().first();
        String c = plan.spec().roles().second();
        return JsonlExamples.readSquad(plan.evalSet()).stream()
                .map(g -> new GoldExample(Map.of(q, g.input().get("question"), c, g.input().get("context")), g.golds()))
                .toList();
    }
}
