#!/usr/bin/env bash
# Trainer throughput under load: the total optimiser step rate of CONCURRENT tasks submitted together
# against the rate of one task alone, on the local stack, and the trainer's peak RSS against a bound.
# Tasks: MiniLM student, ROWS retrieved rows each (600), SEQ tokens (192). Pass when the concurrent
# rate is at least 0.8 x the single rate and the trainer's peak RSS stays within BOUND_MB.
#   [CONCURRENT=12] [ROWS=600] [SEQ=192] [BOUND_MB=8192] benchmarks/load/step-rate.sh
# Long: one task, then CONCURRENT tasks, each training ROWS examples (about 20-40 min on 8 cores with the defaults).
# Run it on a machine of its own; the figures go to $OUT/result.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
CONCURRENT=${CONCURRENT:-12}
ROWS=${ROWS:-600}
SEQ=${SEQ:-192}
BOUND_MB=${BOUND_MB:-8192}
OUT=${OUT:-.rebase/step-rate}
rm -rf "$OUT" && mkdir -p "$OUT/tasks"
CLI="java -jar rebase-cli/target/rebase-cli.jar"

task() { # task ID FILE
  python3 - "$1" "$2" "$ROWS" "$SEQ" <<'PY'
import json, sys
task_id, path, rows, seq = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
t = json.load(open("samples/tasks/sentiment.json"))
t["taskId"] = task_id
t["retrieval"] = {"topRows": rows, "excludeDatasets": ["sst2"]}
t["training"] = {"epochs": 1, "maxSeqLength": seq, "batchSize": 16, "studentModel": "all-minilm-l6-v2"}
t["evaluation"] = {"evalSetPath": "samples/eval/sentiment-eval.jsonl", "maxEvalExamples": 100, "fewShotBaseline": False}
json.dump(t, open(path, "w"))
PY
}

task warm "$OUT/tasks/warm.json"
task single "$OUT/tasks/single.json"
for i in $(seq 1 "$CONCURRENT"); do task "many-$i" "$OUT/tasks/many-$i.json"; done

# the stack: the demo with a warm-up task, kept running
# the step counters must outlive the run (a finished task's meters go after rebase.trainer.state-expiry)
$CLI demo --keep-running --work-dir "$OUT/stack" --task "$OUT/tasks/warm.json" \
  --env REBASE_TRAINER_STATE_EXPIRY=24h > "$OUT/demo.log" 2>&1 &
DEMO=$!
SAMPLER=
trap 'kill $SAMPLER $DEMO 2>/dev/null; wait $DEMO 2>/dev/null || true' EXIT
until grep -q "the stack keeps running" "$OUT/demo.log"; do
  kill -0 $DEMO 2>/dev/null || { cat "$OUT/demo.log"; exit 1; }
  sleep 2
done
BOOT=$(grep -o "kafka ready on [^ ]*" "$OUT/demo.log" | awk '{print $4}')
TRAINER=$(grep -o "trainer-service ready on [^ ]*" "$OUT/demo.log" | awk '{print $4}')
echo "stack up: kafka $BOOT, trainer $TRAINER"

# every second (a short single task needs the resolution): time, the trainer's total steps (sum of rebase_trainer_steps_total over tasks), its RSS in KB
sample() {
  while true; do
    steps=$(curl -sf "$TRAINER/q/metrics" | awk '/^rebase_trainer_steps_total/ {s += $2} END {printf "%d", s}')
    rss=$(ps -eo rss,args | grep "quarkus-run.jar" | grep trainer-service | grep -v grep | awk '{print $1}' | head -1)
    echo "$(date +%s.%N | cut -c1-14) ${steps:-0} ${rss:-0}" >> "$1"
    sleep 1
  done
}

# steps per minute while training: from the last sample before the count moved to the first one at its final value
rate() {
  awk 'NR == 1 {first = $2} NR > 1 && $2 > first && !started {started = 1; t1 = pt; s1 = ps}
       $2 > top {top = $2; t2 = $1} {pt = $1; ps = $2}
       END {if (started && t2 > t1) printf "%.1f", (top - s1) * 60 / (t2 - t1); else print 0}' "$1"
}

phase() { # phase NAME IDS...
  local name=$1; shift
  sample "$OUT/$name.samples" & SAMPLER=$!
  for id in "$@"; do $CLI --bootstrap-servers "$BOOT" submit "$OUT/tasks/$id.json" > /dev/null; done
  for id in "$@"; do
    $CLI --bootstrap-servers "$BOOT" --trainer-url "$TRAINER" follow "$id" --timeout PT60M > "$OUT/follow-$id.log" 2>&1 \
      && echo "$id COMPLETED" || echo "$id NOT COMPLETED (see $OUT/follow-$id.log)"
  done | tee "$OUT/$name.outcomes"
  sleep 2
  kill $SAMPLER; wait $SAMPLER 2>/dev/null || true; SAMPLER=
}

phase single single
many=(); for i in $(seq 1 "$CONCURRENT"); do many+=("many-$i"); done
phase many "${many[@]}"

single=$(rate "$OUT/single.samples")
concurrent=$(rate "$OUT/many.samples")
peak=$(awk '$3 > p {p = $3} END {printf "%d", p / 1024}' "$OUT/single.samples" "$OUT/many.samples")
{
  echo "one task:            $single steps/min"
  echo "$CONCURRENT tasks together: $concurrent steps/min in total"
  awk -v s="$single" -v c="$concurrent" 'BEGIN {r = s > 0 ? c / s : 0; printf "ratio:               %.2f (%s: at least 0.80)\n", r, (r >= 0.8 ? "pass" : "FAIL")}'
  echo "trainer peak RSS:    $peak MB ($([ "$peak" -le "$BOUND_MB" ] && echo pass || echo FAIL): at most $BOUND_MB MB)"
  echo "parked sessions:     $(curl -sf "$TRAINER/q/metrics" | awk '/^rebase_trainer_sessions_parked_total/ {print $2}')"
  echo "completed:           $(cat "$OUT"/*.outcomes | grep -vc NOT) of $((CONCURRENT + 1))"
} | tee "$OUT/result.txt"
