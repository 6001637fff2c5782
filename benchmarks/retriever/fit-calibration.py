#!/usr/bin/env python3
"""Calibrates the trainer's low-relevance threshold (rebase.trainer.fit.min-relevance) with the retriever.

For each calibration task (3 rows of a datastore dataset + an instruction from its card) the retriever's dry run
(POST /retrievals) is asked twice:
  fits     - the dataset itself excluded (leave one dataset out): its related datasets stay in the datastore;
  no fit   - the dataset's whole family excluded (every sentiment set for a sentiment task, ...): what is left holds
             nothing of the task's kind, as for the unseen reasoning tasks that made the datastore-fit issue.
Each answer's scoreStats carry the selected rows' median input signal and the examples' similarity to each other;
their ratio is the relevance. The threshold is the one that best separates the two groups (balanced accuracy;
on a tie, the middle of the gap between them).

usage: fit-calibration.py <retriever-url> <datastore-root> [topRows ...] > results/fit-calibration.json
"""
import json
import random
import sys
import urllib.error
import urllib.request
from pathlib import Path

SENTIMENT = ["sst2", "rt_polarity", "customer_reviews", "mpqa", "sst5", "tweeteval", "subj"]
NLI = ["esnli", "rte", "scitail", "sick", "commitmentbank", "fever_nli", "anli", "mctest_nli", "wanli_sample",
       "tracie", "folio"]
INTENT = ["banking77", "clinc150"]
PARAPHRASE = ["msrp", "trecqa_answer_selection", "stsb"]
MC = ["openbookqa", "qasc", "commonsense_qa", "aqua_rat", "agieval_en", "dream"]
EXTRACTIVE = ["covid_qa", "ropes", "tweetqa", "subjqa", "hotpotqa_dev_partial"]

# dataset, config, input fields, output field, task type, family
TASKS = [
    ("sst2", "default", ["sentence"], "label", "classification", SENTIMENT),
    ("rt_polarity", "default", ["text"], "label", "classification", SENTIMENT),
    ("customer_reviews", "default", ["text"], "label", "classification", SENTIMENT),
    ("mpqa", "default", ["text"], "label", "classification", SENTIMENT),
    ("rte", "default", ["premise", "hypothesis"], "label", "classification", NLI),
    ("scitail", "default", ["premise", "hypothesis"], "label", "classification", NLI),
    ("sick", "default", ["premise", "hypothesis"], "label", "classification", NLI),
    ("commitmentbank", "default", ["premise", "hypothesis"], "label", "classification", NLI),
    ("banking77", "default", ["text"], "label", "classification", INTENT),
    ("clinc150", "default", ["text"], "label", "classification", INTENT),
    ("msrp", "default", ["sentence1", "sentence2"], "label", "classification", PARAPHRASE),
    ("openbookqa", "default", ["question", "choices"], "answer", "multiple-choice", MC),
    ("qasc", "default", ["question", "choices"], "answer", "multiple-choice", MC),
    ("commonsense_qa", "default", ["question", "choices"], "answer", "multiple-choice", MC),
    ("tweetqa", "default", ["question", "context"], "answer", "extractive-qa", EXTRACTIVE),
    ("ropes", "default", ["question", "context"], "answer", "extractive-qa", EXTRACTIVE),
]


def card(root, dataset, config):
    d = json.loads((root / dataset / "dataset.json").read_text())
    c = next(c for c in d["configs"] if c["name"] == config)
    return d, c


def build_task(root, dataset, config, inputs, output, kind, seed=7):
    d, c = card(root, dataset, config)
    rows = [json.loads(line) for line in (root / dataset / c["file"]).open()]
    rows = [r for r in rows if all(r.get(f) for f in inputs) and r.get(output)]
    rng = random.Random(seed)
    rng.shuffle(rows)
    picked, seen = [], set()
    for r in rows:  # distinct outputs first for classification, as a user would show each label
        if kind == "classification" and r[output] in seen and len(seen) < min(3, len(c.get("labels") or [])):
            continue
        seen.add(r[output])
        picked.append(r)
        if len(picked) == 3:
            break
    task = {
        "instruction": d["description"].split(". ")[0] + ". " + c.get("description", ""),
        "taskType": kind,
        "examples": [{"input": {f: str(r[f])[:1500] for f in inputs}, "output": str(r[output])} for r in picked],
    }
    if kind == "classification":
        task["labels"] = c.get("labels") or sorted({str(r[output]) for r in rows})
    return task


def retrieve(url, task, exclude, top):
    body = dict(task, retrieval={"topRows": top, "excludeDatasets": exclude})
    req = urllib.request.Request(url + "/retrievals", json.dumps(body).encode(), {"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as r:
        sel = json.load(r)
    stats = sel.get("scoreStats", {})
    mix = sorted(sel.get("datasetMix", {}).items(), key=lambda kv: -kv[1])[:3]
    ratio = stats["inputMedian"] / stats["exampleSimilarity"] if stats.get("exampleSimilarity") else None
    return {"rows": len(sel.get("rows", [])), "inputMedian": stats.get("inputMedian"),
            "exampleSimilarity": stats.get("exampleSimilarity"), "ratio": ratio, "top": mix}


def threshold(fits, nofits):
    """The cut maximising balanced accuracy (no-fit below, fits at or above); the middle of the widest such gap."""
    values = sorted(set(fits + nofits))
    cuts = [values[0] - 0.01] + [(a + b) / 2 for a, b in zip(values, values[1:])] + [values[-1] + 0.01]
    def score(t):
        return (sum(v >= t for v in fits) / len(fits) + sum(v < t for v in nofits) / len(nofits)) / 2
    best = max(score(t) for t in cuts)
    good = [t for t in cuts if score(t) == best]
    return (good[0] + good[-1]) / 2, best


def main():
    url, root = sys.argv[1], Path(sys.argv[2])
    tops = [int(t) for t in sys.argv[3:]] or [600, 3000]
    out = {"tasks": [], "thresholds": {}}
    for top in tops:
        fits, nofits = [], []
        for dataset, config, inputs, output, kind, family in TASKS:
            task = build_task(root, dataset, config, inputs, output, kind)
            try:
                fit = retrieve(url, task, [dataset], top)
                nofit = retrieve(url, task, sorted(set(family) | {dataset}), top)
            except urllib.error.HTTPError as e:
                print(f"{dataset}: {e} {e.read()[:300]}", file=sys.stderr)
                continue
            out["tasks"].append({"topRows": top, "dataset": dataset, "fits": fit, "noFit": nofit})
            print(f"{top:5d} {dataset:18s} fits {fit['ratio']:.3f} ({fit['inputMedian']:.3f}/{fit['exampleSimilarity']:.3f} "
                  f"{fit['top']})  no fit {nofit['ratio']:.3f} ({nofit['inputMedian']:.3f} {nofit['top']})",
                  file=sys.stderr, flush=True)
            if fit["ratio"] is not None and nofit["ratio"] is not None:
                fits.append(fit["ratio"])
                nofits.append(nofit["ratio"])
        t, acc = threshold(fits, nofits)
        out["thresholds"][str(top)] = {"threshold": round(t, 3), "balancedAccuracy": acc,
                                       "fits": sorted(round(v, 3) for v in fits),
                                       "noFit": sorted(round(v, 3) for v in nofits)}
        print(f"topRows {top}: threshold {t:.3f}, balanced accuracy {acc:.2f}", file=sys.stderr)
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
