"""Unit tests of the task builder, the report reader and the summary: python3 -m unittest benchmarks/lodo/test_lodo.py"""
import json
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import outcome  # noqa: E402
import summary  # noqa: E402
import tasks  # noqa: E402

BUDGET = tasks.Budget(top_rows=60, eval_rows=20, epochs=1, max_steps=5, max_seq_length=64, student="all-minilm-l6-v2")


def datastore(root: Path):
    """Two datasets: a pair classification set with a tag column and an id, and a multiple-choice set with a leaky fact."""
    cls = root / "pairs"
    cls.mkdir()
    (cls / "dataset.json").write_text(json.dumps({
        "name": "pairs", "description": "Pairs is a set of sentence pairs labelled same or different. Only the dev split "
        "is present here. It serves pair classification.",
        "configs": [{"name": "default", "file": "default.jsonl", "description": "Two sentences and a label.",
                     "columns": ["sentence1", "sentence2", "label", "origin", "pair_id", "split"],
                     "labels": ["same", "different"]}]}))
    with (cls / "default.jsonl").open("w") as f:
        for i in range(200):
            label = "same" if i % 3 else "different"
            f.write(json.dumps({"sentence1": f"the first sentence number {i}", "sentence2": f"another sentence {i} here",
                                "label": label if i != 7 else "", "origin": f"src{i % 4}", "pair_id": str(i),
                                "split": "dev"}) + "\n")
    mc = root / "quiz"
    mc.mkdir()
    (mc / "dataset.json").write_text(json.dumps({
        "name": "quiz", "description": "Quiz has science questions with four options.",
        "configs": [{"name": "default", "file": "default.jsonl", "description": "Question, options, fact.",
                     "columns": ["question", "choices", "answer", "answer_text", "fact1", "id", "split"]}]}))
    with (mc / "default.jsonl").open("w") as f:
        for i in range(120):
            f.write(json.dumps({"question": f"what is thing {i}?", "choices": "(A) a (B) b (C) c (D) d",
                                "answer": "ABCD"[i % 4] if i % 5 else "A", "answer_text": "a",
                                "fact1": f"thing {i} is the answer", "id": str(i), "split": "dev"}) + "\n")


class TaskBuilderTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.root = Path(self.dir.name)
        datastore(self.root)

    def tearDown(self):
        self.dir.cleanup()

    def test_classification_task_from_the_card(self):
        t = tasks.build(self.root, {"task": "pairs", "dataset": "pairs"}, 42, BUDGET, "eval.jsonl")
        r = t.request
        self.assertEqual("classification", r["taskType"])
        self.assertEqual(["same", "different"], r["labels"])
        self.assertEqual(["sentence1", "sentence2"], t.fields, "tag (origin), id and split columns are not input")
        self.assertEqual(3, len(r["examples"]))
        self.assertEqual({"same", "different"}, {e["output"] for e in r["examples"]}, "examples show every class")
        self.assertEqual(["pairs"], r["retrieval"]["excludeDatasets"])
        self.assertEqual({"evalSetPath": "eval.jsonl", "maxEvalExamples": 20, "fewShotBaseline": True}, r["evaluation"])
        self.assertNotIn("split", r["instruction"], "sentences about the copy are dropped")
        self.assertIn("same, different", r["instruction"])
        self.assertEqual(20, len(t.eval_rows))
        self.assertTrue(all(row["label"] for row in t.eval_rows), "rows without a label are never evaluated")

    def test_evaluation_rows_never_hold_an_example(self):
        t = tasks.build(self.root, {"task": "pairs", "dataset": "pairs"}, 42, BUDGET, "eval.jsonl")
        examples = {e["input"]["sentence1"] for e in t.request["examples"]}
        self.assertFalse(examples & {row["sentence1"] for row in t.eval_rows})

    def test_multiple_choice_leaves_out_the_answer_and_its_supporting_fact(self):
        t = tasks.build(self.root, {"task": "quiz", "dataset": "quiz"}, 42, BUDGET, "eval.jsonl")
        self.assertEqual("multiple-choice", t.kind)
        self.assertEqual(["question", "choices"], t.fields)
        self.assertNotIn("labels", t.request)
        self.assertEqual({"question", "choices", "answer"}, set(t.eval_rows[0]))

    def test_same_seed_same_task_other_seed_other_examples(self):
        pick = {"task": "pairs", "dataset": "pairs"}
        a = tasks.build(self.root, pick, 42, BUDGET, "e")
        self.assertEqual(a.request, tasks.build(self.root, pick, 42, BUDGET, "e").request)
        self.assertEqual(a.eval_rows, tasks.build(self.root, pick, 42, BUDGET, "e").eval_rows)
        self.assertNotEqual(a.request["examples"], tasks.build(self.root, pick, 7, BUDGET, "e").request["examples"])

    def test_majority_class_of_the_evaluation_rows(self):
        t = tasks.build(self.root, {"task": "pairs", "dataset": "pairs"}, 42, BUDGET, "e")
        top = max(t.label_counts.values())
        self.assertEqual(top / 20, t.majority_accuracy)
        self.assertEqual(top, t.label_counts[t.majority_label])

    def test_too_few_rows_is_a_clear_error(self):
        big = tasks.Budget(60, 500, 1, 5, 64, "all-minilm-l6-v2")
        with self.assertRaisesRegex(tasks.TaskBuildError, r"quiz/default: 120 usable rows, need 503"):
            tasks.build(self.root, {"task": "quiz", "dataset": "quiz"}, 42, big, "e")

    def test_unknown_config_names_the_known_ones(self):
        with self.assertRaisesRegex(tasks.TaskBuildError, r"no config 'nope'.*default"):
            tasks.build(self.root, {"task": "x", "dataset": "quiz", "config": "nope"}, 42, BUDGET, "e")


class OutcomeTest(unittest.TestCase):

    REPORT = {"status": "COMPLETED", "steps": 12, "counts": {"retrieved": 48, "examples": 40, "rejected": 8},
              "metrics": {"primaryMetric": "accuracy", "bestStep": 10,
                          "student": {"accuracy": 0.61, "macro_f1": 0.6},
                          "fewShotBaseline": {"accuracy": 0.55, "steps": 12.0}}}

    def test_without_a_served_field_the_rebase_student_is_taken_and_said_so(self):
        r = outcome.read(self.REPORT)
        self.assertEqual(("rebase", 0.61, 0.55), (r["served"], r["servedAccuracy"], r["fewShotAccuracy"]))
        self.assertTrue(r["servedSource"].startswith("fallback"))

    def test_served_and_candidates_as_the_trainer_reports_them(self):
        report = json.loads(json.dumps(self.REPORT))
        report["metrics"]["served"] = "fewShot"
        report["metrics"]["candidates"] = {"rebase": {"accuracy": 0.61}, "fewShot": {"accuracy": 0.66}}
        r = outcome.read(report)
        self.assertEqual(("fewShot", 0.66), (r["served"], r["servedAccuracy"]))
        self.assertEqual({"rebase": 0.61, "fewShot": 0.66}, r["candidates"])
        self.assertTrue(r["servedSource"].startswith("reported"))

    def test_a_served_name_alone_takes_the_metrics_of_the_model_it_names(self):
        report = json.loads(json.dumps(self.REPORT))
        report["served"] = "few-shot"
        r = outcome.read(report)
        self.assertEqual(("few-shot", 0.55), (r["served"], r["servedAccuracy"]))

    def test_the_trainers_served_model_choice(self):
        report = json.loads(json.dumps(self.REPORT))
        report["served"] = {"served": "few-shot", "rebase": False, "reason": "scored 0.5 below the few-shot student",
                            "metric": "accuracy", "basis": "eval-file", "scores": {"few-shot": 0.55, "rebase": 0.5}}
        r = outcome.read(report)
        self.assertEqual(("few-shot", 0.55, {"few-shot": 0.55, "rebase": 0.5}),
                         (r["served"], r["servedAccuracy"], r["candidates"]))
        self.assertTrue(r["servedReason"].startswith("scored"))

    def test_candidates_as_a_list_and_served_as_an_object(self):
        report = json.loads(json.dumps(self.REPORT))
        report["selection"] = {"served": {"name": "rebase-oversampled", "accuracy": 0.7, "reason": "best on validation"},
                               "candidates": [{"name": "rebase", "metrics": {"accuracy": 0.61}},
                                              {"name": "rebase-oversampled", "score": 0.7}]}
        r = outcome.read(report)
        self.assertEqual(("rebase-oversampled", 0.7, "best on validation"),
                         (r["served"], r["servedAccuracy"], r["servedReason"]))
        self.assertEqual({"rebase": 0.61, "rebase-oversampled": 0.7}, r["candidates"])


class SummaryTest(unittest.TestCase):

    def results(self):
        rows = [("a", 0.30, 0.50, 0.70), ("b", 0.50, 0.60, 0.605), ("c", 0.70, 0.80, 0.60)]
        return [{"task": t, "dataset": t, "config": "default", "kind": "classification", "evalRows": 200,
                 "majorityAccuracy": m, "fewShotAccuracy": f, "servedAccuracy": s, "rebaseAccuracy": s,
                 "served": "rebase", "servedSource": "fallback", "counts": {}, "seconds": 60} for t, m, f, s in rows]

    def test_wins_ties_losses_within_the_band(self):
        s = summary.summarise(self.results(), 0.01)
        c = s["servedVsFewShot"]
        self.assertEqual((1, 1, 1), (c["wins"], c["ties"], c["losses"]))
        self.assertAlmostEqual((0.2 + 0.005 - 0.2) / 3, c["meanGain"])
        self.assertEqual("c", c["worst"]["task"])
        self.assertFalse(s["neverWorseThanFewShot"])
        self.assertEqual(3, s["servedByFallback"])

    def test_markdown_and_json_written(self):
        with tempfile.TemporaryDirectory() as d:
            run = {"budget": {"top_rows": 1}, "seed": 42, "datastore": "x", "cap": 40}
            results = self.results()
            results[1]["counts"] = {"retrieved": 14, "examples": 0, "rejected": 14}
            results[2]["cliWarnings"] = ["WARNING: the datastore has nothing for this task"]
            summary.write(Path(d), results, [{"task": "z", "reason": "boom"}], run, 0.01)
            md = (Path(d) / "lodo-results.md").read_text()
            self.assertIn("| a | a/default | classification | 200 | 0.300 | 0.500 | 0.700 (rebase)", md)
            self.assertIn("1 wins, 1 ties, 1 losses", md)
            self.assertIn("not measured: z (boom)", md)
            self.assertIn("| b (nothing kept) | b/default |", md)
            self.assertIn("| 14 / 0 / 14 |", md)
            self.assertIn("| c (warned) | c/default |", md)
            data = json.loads((Path(d) / "lodo-results.json").read_text())
            self.assertEqual(3, len(data["tasks"]))
            self.assertEqual(3, len((Path(d) / "lodo-plot.tsv").read_text().splitlines()))


if __name__ == "__main__":
    unittest.main()
