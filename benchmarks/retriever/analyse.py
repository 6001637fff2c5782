#!/usr/bin/env python3
"""Quality and recall figures from /retrievals selections (used by quality-check.sh and bench.sh)."""
import json, sys, os, urllib.request

def post(url, body):
    req = urllib.request.Request(url, data=body.encode(), headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.loads(r.read())

def task_types(root):
    types = {}
    for d in os.listdir(root):
        card = os.path.join(root, d, "dataset.json")
        if os.path.isfile(card):
            c = json.load(open(card))
            types[c.get("name", d)] = c.get("task_type", "").lower()
    return types

def is_nli(t): return "natural language inference" in t
def is_qa(t): return "qa" in t.split() or "qa" in t or "question answering" in t

def quality(base, root, tasks_dir, cap_share, top_rows=None, head=1000):
    """The shares of the first `head` rows; `top_rows` overrides the task's N (small indexes: scale both down)."""
    types = task_types(root)
    ok = True
    for name, pred, label in (("mnli-nli.json", is_nli, "NLI"), ("squad-qa.json", is_qa, "QA")):
        task = open(os.path.join(tasks_dir, name)).read()
        if top_rows:
            t = json.loads(task)
            t["retrieval"] = dict(t.get("retrieval") or {}, topRows=top_rows)
            task = json.dumps(t)
        sel = post(base + "/retrievals", task)
        rows = sel["rows"][:head]
        share = sum(1 for r in rows if pred(types.get(r["dataset"], ""))) / max(1, len(rows))
        mix = sel["datasetMix"]
        top = max(mix.values()) / max(1, len(sel["rows"]))
        print(f"{name}: {len(sel['rows'])} rows, {sel['latencyMs']} ms; top-{head} from {label} datasets: {share:.1%}; "
              f"largest dataset share: {top:.1%} (cap {cap_share:.0%})")
        ok &= share >= 0.8 and top <= cap_share + 1e-9
        if label == "QA":
            qa = [r for r in rows if pred(types.get(r["dataset"], ""))]
            ext_ds = sum(1 for r in qa if types.get(r["dataset"], "").startswith("extractive qa")) / max(1, len(qa))
            ext_sig = sum(1 for r in qa if r["extractive"] >= 1) / max(1, len(qa))
            print(f"  among the QA rows: {ext_ds:.1%} from extractive-QA datasets (card task_type), "
                  f"{ext_sig:.1%} with the answer-span-of-passage signal")
            ok &= ext_ds >= 0.5
        print("  mix:", json.dumps(mix))
    return ok

def recall(base, tasks_dir):
    out = {}
    for name in ("mnli-nli.json", "squad-qa.json"):
        task = open(os.path.join(tasks_dir, name)).read()
        lat = []
        for _ in range(3):
            ann = post(base + "/retrievals", task)
            lat.append(ann["latencyMs"])
        exact = post(base + "/retrievals?exact=true", task)
        a = {r["rowId"] for r in ann["rows"]}
        e = {r["rowId"] for r in exact["rows"]}
        out[name] = (len(a & e) / max(1, len(e)), sorted(lat)[1], exact["latencyMs"])
        print(f"{name}: recall of the selected top {len(e)} vs exact search: {out[name][0]:.3f}; "
              f"ANN retrieval latency (median of 3): {out[name][1]} ms; exact: {out[name][2]} ms")
    return out

if __name__ == "__main__":
    mode, base = sys.argv[1], sys.argv[2]
    if mode == "quality":
        # optional: top-rows and head size for a scaled-down check on a small index
        extra = [int(a) for a in sys.argv[6:8]]
        sys.exit(0 if quality(base, sys.argv[3], sys.argv[4], float(sys.argv[5]), *extra) else 1)
    recall(base, sys.argv[3])
