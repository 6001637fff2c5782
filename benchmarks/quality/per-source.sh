#!/usr/bin/env bash
# Per-source probe: trains the student on the rows of ONE datastore dataset (mapped by hand to the task's fields)
# and evaluates it like QualityRun's ReBase condition, to see which sources transfer to the task. A guide for the
# retriever's signals, not a ReBase result: the budget is fixed by the row count here, not by a ReBase selection.
#
#   [ROWS=900] [STUDENT=all-minilm-l6-v2] benchmarks/quality/per-source.sh OUT_DIR
# needs a build (benchmarks/quality/run.sh builds it; SKIP_BUILD there) and ../shared.
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-../shared}
OUT=$1; mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
ROWS=${ROWS:-900}; STUDENT=${STUDENT:-all-minilm-l6-v2}
./mvnw -B -q -f benchmarks/quality/pom.xml package dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt"
CP="benchmarks/quality/target/rebase-quality-bench-0.1.0-SNAPSHOT.jar:$(cat "$OUT/classpath.txt")"
python3 - "$SHARED/datastore" "$OUT" "$ROWS" <<'PY'
import json, random, sys
root, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
random.seed(1)
for ds in ["esnli", "sick", "anli", "scitail"]:
    rows = [json.loads(l) for l in open(f"{root}/{ds}/default.jsonl")]
    random.shuffle(rows)
    picked = []
    for label in ("entailment", "neutral", "contradiction"):  # label-balanced, n/3 each where the set has them
        picked += [r for r in rows if r.get("label") == label][: n // 3]
    random.shuffle(picked)
    with open(f"{out}/nli-{ds}.jsonl", "w") as f:
        for r in picked:
            f.write(json.dumps({"premise": r["premise"], "hypothesis": r["hypothesis"], "output": r["label"]}) + "\n")
for ds in ["subjqa", "ropes", "tweetqa", "covid_qa"]:
    rows = [json.loads(l) for l in open(f"{root}/{ds}/default.jsonl")]
    rows = [r for r in rows if r.get("answer_start", 0) != -1 and r.get("answer") and r["answer"] in r["context"]]
    random.shuffle(rows)
    with open(f"{out}/qa-{ds}.jsonl", "w") as f:
        for r in rows[:n]:
            f.write(json.dumps({"question": r["question"], "context": r["context"], "output": r["answer"]}) + "\n")
PY
for ds in esnli sick anli scitail; do
  CONDITIONS=rebase java -Xmx6g -Dai.djl.offline=true -cp "$CP" io.rebase.bench.QualityRun samples/tasks/mnli-nli.json \
    "$OUT/nli-$ds.jsonl" "$SHARED/benchmarks/mnli_dev_matched/eval.jsonl" mnli "$STUDENT" 2000 2 "$OUT/res-nli-$ds.json" | grep -E "^rebase:" | sed "s/^/$ds /"
done
for ds in subjqa ropes tweetqa covid_qa; do
  MAX_SEQ_LENGTH=192 CONDITIONS=rebase java -Xmx6g -Dai.djl.offline=true -cp "$CP" io.rebase.bench.QualityRun samples/tasks/squad-qa.json \
    "$OUT/qa-$ds.jsonl" "$SHARED/benchmarks/squad_v1.1_dev/eval.jsonl" squad "$STUDENT" 1000 3 "$OUT/res-squad-$ds.json" | grep -E "^rebase:" | sed "s/^/$ds /"
done
