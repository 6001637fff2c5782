#!/usr/bin/env bash
# Load check (issue 9): CONCURRENT tasks at once over the sample datastore on the local stack (after one warm-up
# task that the demo runs); reports whether all complete, the wall time, and the peak resident memory of every
# process (sampled every 5 s).
#   [CONCURRENT=20] benchmarks/load/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
N=$(( ${CONCURRENT:-20} + 1 ))
OUT=${OUT:-.rebase/load}
rm -rf "$OUT" && mkdir -p "$OUT/tasks"
CLI="java -jar rebase-cli/target/rebase-cli.jar"

# small tasks: sentiment (mapping mode), 60 rows each, 10 steps, 40 eval examples, no baseline
for i in $(seq 1 "$N"); do
  python3 - "$i" "$OUT/tasks/load-$i.json" <<'PY'
import json, sys
i, path = int(sys.argv[1]), sys.argv[2]
t = json.load(open("samples/tasks/sentiment.json"))
t["taskId"] = f"load-{i}"
t["retrieval"] = {"topRows": 60, "excludeDatasets": ["sst2"]}
t["training"] = {"epochs": 1, "maxSteps": 10, "maxSeqLength": 64, "batchSize": 8}
t["evaluation"] = {"evalSetPath": "samples/eval/sentiment-eval.jsonl", "maxEvalExamples": 40, "fewShotBaseline": False}
json.dump(t, open(path, "w"))
PY
done

# the stack: the demo with one task, kept running
$CLI demo --keep-running --work-dir "$OUT/stack" --task "$OUT/tasks/load-1.json" > "$OUT/demo.log" 2>&1 &
DEMO=$!
trap 'kill $DEMO 2>/dev/null; wait $DEMO 2>/dev/null || true' EXIT
until grep -q "the stack keeps running" "$OUT/demo.log"; do
  kill -0 $DEMO 2>/dev/null || { cat "$OUT/demo.log"; exit 1; }
  sleep 2
done
BOOT=$(grep -o "kafka ready on [^ ]*" "$OUT/demo.log" | awk '{print $4}')
TRAINER=$(grep -o "trainer-service ready on [^ ]*" "$OUT/demo.log" | awk '{print $4}')
echo "stack up: kafka $BOOT, trainer $TRAINER"

sample_rss() {
  while true; do
    ps -eo rss,args | grep -E "quarkus-run.jar|EmbeddedKafkaMain" | grep -v grep \
      | while read -r rss args; do
          echo "$rss $(grep -oE '[a-z]+-service|EmbeddedKafkaMain' <<< "$args" | head -1)"
        done >> "$OUT/rss.txt"
    sleep 5
  done
}
sample_rss & SAMPLER=$!
start=$(date +%s)
for i in $(seq 2 "$N"); do
  $CLI --bootstrap-servers "$BOOT" submit "$OUT/tasks/load-$i.json" > /dev/null
done
echo "submitted $((N - 1)) more tasks"
for i in $(seq 2 "$N"); do
  $CLI --bootstrap-servers "$BOOT" --trainer-url "$TRAINER" follow "load-$i" --timeout PT40M > "$OUT/follow-$i.log" 2>&1 \
    && echo "load-$i COMPLETED" || echo "load-$i NOT COMPLETED (see $OUT/follow-$i.log)"
done | tee "$OUT/outcomes.txt"
end=$(date +%s)
kill $SAMPLER
echo "wall time for $((N - 1)) concurrent tasks: $((end - start)) s"
echo "peak RSS (MB) per process:"
sort -k2,2 -k1,1n "$OUT/rss.txt" | awk '{peak[$2]=$1} END {for (p in peak) printf "  %-30s %d\n", p, peak[p]/1024}'
echo "completed: $(grep -vc NOT "$OUT/outcomes.txt") of $((N - 1))"
