"""Builds one leave-one-dataset-out task from a datastore dataset: the request, its evaluation rows, the majority class.

Everything is derived from the dataset's card (dataset.json) and rows by fixed rules, with a seeded random
generator, so that the same seed gives the same task; nothing is tuned per dataset.
"""
import collections
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

# Columns that describe a row, hold its answer, or are ids: never model input.
META = re.compile(r"^(label|answer|answers|answer_text|split|id|uid|.*_id|.*_ids|.*_code)$")
# Columns that hold or explain the gold answer (worked solutions, explanations, supporting facts, logic forms):
# a user's input would not carry them.
LEAKY = re.compile(r"^(solution|rationale|reason|explanation.*|fact\d*|combined_fact|.*_fol)$")
# A column is input text, not a tag (origin, genre, source, a fine label), when it has many distinct values and they
# are longer than a tag. Distinct values are counted, not their share: the question of a question/sentence pair task
# and the hypothesis of scitail repeat over many rows and are still input.
MIN_DISTINCT_VALUES = 100
MIN_DISTINCT_SHARE = 0.02
MIN_MEAN_CHARS = 15
MAX_CLASSIFICATION_FIELDS = 2  # the student reads a text and an optional pair text
# Card sentences about the copy rather than the task.
ABOUT_THE_COPY = re.compile(r"\b(split|splits|this copy|present here|configs?|tokeni[sz]ed)\b", re.IGNORECASE)


class TaskBuildError(Exception):
    """The dataset cannot make a task (no labels, too few rows): the message names the dataset and the reason."""


@dataclass(frozen=True)
class Budget:
    """What one task may use: retrieved rows, evaluation rows, training settings."""
    top_rows: int
    eval_rows: int
    epochs: int
    max_steps: int
    max_seq_length: int
    student: str

    def training(self):
        t = {"studentModel": self.student, "epochs": self.epochs, "maxSeqLength": self.max_seq_length}
        if self.max_steps > 0:
            t["maxSteps"] = self.max_steps
        return t


@dataclass
class BuiltTask:
    """A task request (without taskId), its evaluation rows and what the script knows about them."""
    request: dict
    eval_rows: list
    kind: str
    fields: list
    majority_label: str
    majority_accuracy: float
    label_counts: dict


def load_card(root: Path, dataset: str) -> dict:
    card = root / dataset / "dataset.json"
    if not card.is_file():
        raise TaskBuildError(f"{dataset}: no card at {card}")
    return json.loads(card.read_text(encoding="utf-8"))


def config_of(card: dict, config: str) -> dict:
    for c in card["configs"]:
        if c["name"] == config:
            return c
    raise TaskBuildError(f"{card['name']}: no config '{config}' (has {[c['name'] for c in card['configs']]})")


def read_rows(root: Path, dataset: str, cfg: dict) -> list:
    path = root / dataset / cfg["file"]
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def kind_of(cfg: dict) -> str:
    """classification when the card lists labels, multiple-choice when the rows carry choices and an answer letter."""
    if cfg.get("labels"):
        return "classification"
    if "choices" in cfg["columns"] and "answer" in cfg["columns"]:
        return "multiple-choice"
    raise TaskBuildError(f"config {cfg['name']}: neither labels in the card nor choices + answer columns")


def gold_column(kind: str) -> str:
    return "label" if kind == "classification" else "answer"


def input_fields(kind: str, cfg: dict, rows: list) -> list:
    """The columns a user would give as input, by the rules above, in the card's column order."""
    fields = []
    for column in cfg["columns"]:
        if META.match(column) or LEAKY.match(column):
            continue
        if kind == "multiple-choice" and column in ("question", "choices"):
            fields.append(column)
            continue
        values = [r.get(column) for r in rows if isinstance(r.get(column), str) and r.get(column).strip()]
        if len(values) < 0.9 * len(rows):
            continue
        distinct = len(set(values))
        mean_chars = sum(len(v) for v in values) / len(values)
        if distinct >= MIN_DISTINCT_VALUES and distinct / len(values) >= MIN_DISTINCT_SHARE and mean_chars >= MIN_MEAN_CHARS:
            fields.append(column)
    if kind == "classification":
        fields = fields[:MAX_CLASSIFICATION_FIELDS]
    if not fields:
        raise TaskBuildError(f"config {cfg['name']}: no input column among {cfg['columns']}")
    return fields


def instruction(card: dict, cfg: dict, kind: str, fields: list) -> str:
    """The card's description (sentences about the copy dropped), the sub-task's for a multi-config set, then the ask."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", card.get("description", "").strip())
                 if s and not ABOUT_THE_COPY.search(s)]
    parts = [" ".join(sentences)]
    if len(card["configs"]) > 1 and cfg.get("description"):
        parts.append(cfg["description"].strip())
    given = " and ".join(f.replace("_", " ") for f in fields)
    if kind == "classification":
        parts.append(f"Given the {given}, answer with one of these labels: {', '.join(cfg['labels'])}.")
    else:
        parts.append(f"Given the {given}, answer with the letter of the correct option.")
    return " ".join(p for p in parts if p)


def usable(row: dict, kind: str, fields: list, labels: list) -> bool:
    gold = row.get(gold_column(kind))
    if not isinstance(gold, str) or not gold.strip():
        return False
    if kind == "classification" and gold not in labels:
        return False
    return all(isinstance(row.get(f), str) and row[f].strip() for f in fields)


def pick_examples(rows: list, kind: str, rng: random.Random, n: int = 3) -> list:
    """n rows; for classification, of as many different labels as possible (a user shows each class they can)."""
    order = list(range(len(rows)))
    rng.shuffle(order)
    if kind != "classification":
        return order[:n]
    picked, seen = [], set()
    for i in order:
        if rows[i]["label"] not in seen:
            picked.append(i)
            seen.add(rows[i]["label"])
        if len(picked) == n:
            return picked
    return picked + [i for i in order if i not in picked][: n - len(picked)]


def build(root: Path, pick: dict, seed: int, budget: Budget, eval_path: str) -> BuiltTask:
    """The task of one pick: 3 example rows, the card's instruction, the dataset excluded, budget.eval_rows others."""
    card = load_card(root, pick["dataset"])
    cfg = config_of(card, pick.get("config", "default"))
    kind = kind_of(cfg)
    rows = read_rows(root, pick["dataset"], cfg)
    fields = input_fields(kind, cfg, rows)
    labels = cfg.get("labels") or []
    rows = [r for r in rows if usable(r, kind, fields, labels)]
    if len(rows) < budget.eval_rows + 3:
        raise TaskBuildError(f"{pick['dataset']}/{cfg['name']}: {len(rows)} usable rows, need {budget.eval_rows + 3}")
    rng = random.Random(f"{seed}:{pick['task']}")
    example_ids = pick_examples(rows, kind, rng)
    examples = [{"input": {f: rows[i][f] for f in fields}, "output": rows[i][gold_column(kind)]} for i in example_ids]
    example_inputs = {json.dumps(e["input"], sort_keys=True) for e in examples}
    rest = [r for i, r in enumerate(rows) if i not in example_ids
            and json.dumps({f: r[f] for f in fields}, sort_keys=True) not in example_inputs]
    rng.shuffle(rest)
    eval_rows = [dict({f: r[f] for f in fields}, **{gold_column(kind): r[gold_column(kind)]})
                 for r in rest[: budget.eval_rows]]
    counts = collections.Counter(r[gold_column(kind)] for r in eval_rows)
    majority, majority_n = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    request = {
        "instruction": instruction(card, cfg, kind, fields),
        "taskType": kind,
        "examples": examples,
        "retrieval": {"topRows": budget.top_rows, "excludeDatasets": [pick["dataset"]]},
        "training": budget.training(),
        "evaluation": {"evalSetPath": eval_path, "maxEvalExamples": len(eval_rows), "fewShotBaseline": True},
    }
    if kind == "classification":
        request["labels"] = list(labels)
    return BuiltTask(request, eval_rows, kind, fields, majority, majority_n / len(eval_rows), dict(sorted(counts.items())))
