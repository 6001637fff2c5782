#!/usr/bin/env python3
"""Rebuilds samples/datastore from ../shared/datastore (provenance tool; a fresh clone does not need it).

Keeps only datasets whose licence allows redistribution, at most CAP rows per config
(preferring the train split), and rewrites each dataset.json with the sampled counts.
"""
import json, os, shutil, sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "../../shared/datastore"
DST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "datastore")
CAP = 150
SMALL_CAP = {"covid_qa": 40, "hotpotqa_dev_partial": 40, "ropes": 100}
KEEP = ["esnli", "commitmentbank", "scitail", "fever_nli", "rt_polarity", "sst2", "customer_reviews",
        "mpqa", "subj", "trec", "covid_qa", "tweetqa", "ropes", "hotpotqa_dev_partial", "openbookqa",
        "qasc", "gsm8k", "aqua_rat", "strategyqa", "msrp", "conala", "banking77"]

shutil.rmtree(DST, ignore_errors=True)
for name in KEEP:
    src_dir = os.path.join(SRC, name)
    card = json.load(open(os.path.join(src_dir, "dataset.json")))
    os.makedirs(os.path.join(DST, name))
    cap = SMALL_CAP.get(name, CAP)
    for cfg in card["configs"]:
        rows = [json.loads(l) for l in open(os.path.join(src_dir, cfg["file"]))]
        train = [r for r in rows if r.get("split") == "train"]
        pool = train if len(train) >= cap else rows
        # spread the sample over the file so that every label appears
        step = max(1, len(pool) // cap)
        picked = pool[::step][:cap]
        with open(os.path.join(DST, name, cfg["file"]), "w") as out:
            for r in picked:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
        cfg["rows"] = len(picked)
        cfg["sampled_from"] = len(rows)
        splits = {}
        for r in picked:
            splits[r.get("split", "all")] = splits.get(r.get("split", "all"), 0) + 1
        cfg["splits"] = splits
    card["notes"] = (card.get("notes", "") + " Sampled for the ReBase demo: at most %d rows per config." % cap).strip()
    json.dump(card, open(os.path.join(DST, name, "dataset.json"), "w"), indent=2, ensure_ascii=False)
    if os.path.exists(os.path.join(src_dir, "SOURCE.md")):
        shutil.copy(os.path.join(src_dir, "SOURCE.md"), os.path.join(DST, name, "SOURCE.md"))
print("wrote", DST)
