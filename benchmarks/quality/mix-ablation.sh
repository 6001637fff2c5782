#!/usr/bin/env bash
# Ablations of one ReBase selection (an exported <task>.rebase.jsonl of an NLI task): trains the student's ReBase
# condition on variants of it, evaluated like QualityRun (2,000 MNLI dev-matched pairs), to see what in the selection
# carries the score:
#   without-<dataset>      the selection minus one source dataset (fewer examples, so fewer steps)
#   randmix                per (dataset, label) as many rows as the selection holds, drawn at random from the
#                          datastore: the same mix without the retriever's ranking inside each dataset
#   [ROWS_SEED=7] [STUDENT=bge-small-en-v15] [DROP="anli scitail"] benchmarks/quality/mix-ablation.sh EXPORT OUT_DIR
# needs a build (run.sh builds it) and ../shared.
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-../shared}
EXPORT=$1; OUT=$2; mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
STUDENT=${STUDENT:-bge-small-en-v15}; DROP=${DROP:-"anli scitail"}
./mvnw -B -q -f benchmarks/quality/pom.xml package dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt"
CP="benchmarks/quality/target/rebase-quality-bench-0.1.0-SNAPSHOT.jar:$(cat "$OUT/classpath.txt")"
python3 - "$EXPORT" "$SHARED/datastore" "$OUT" "${ROWS_SEED:-7}" $DROP <<'PY'
import collections, json, random, sys
export, root, out, seed, drop = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:]
rows = [json.loads(l) for l in open(export)]
for ds in drop:
    with open(f"{out}/without-{ds}.jsonl", "w") as f:
        for r in rows:
            if r["source_dataset"] != ds:
                f.write(json.dumps(r) + "\n")
random.seed(seed)
need = collections.Counter((r["source_dataset"], r["output"]) for r in rows)
picked = []
for (ds, label), n in sorted(need.items()):
    pool = [json.loads(l) for l in open(f"{root}/{ds}/default.jsonl")]
    pool = [r for r in pool if r.get("label") == label]
    random.shuffle(pool)
    picked += [{"premise": r["premise"], "hypothesis": r["hypothesis"], "output": label, "source_dataset": ds} for r in pool[:n]]
random.shuffle(picked)
with open(f"{out}/randmix.jsonl", "w") as f:
    for r in picked:
        f.write(json.dumps(r) + "\n")
PY
for variant in randmix $(for d in $DROP; do echo "without-$d"; done); do
  CONDITIONS=rebase java -Xmx8g -Dai.djl.offline=true -cp "$CP" io.rebase.bench.QualityRun samples/tasks/mnli-nli.json \
    "$OUT/$variant.jsonl" "$SHARED/benchmarks/mnli_dev_matched/eval.jsonl" mnli "$STUDENT" 2000 2 "$OUT/res-$variant.json" \
    | grep -E "^rebase:" | sed "s/^/$variant /"
done
