#!/usr/bin/env bash
# Quality runs of issue 7: ReBase vs the few-shot-only baseline vs an in-domain oracle, same student and
# same training budget, on a SQuAD-style and an MNLI-style task. Needs ../shared (datastore + benchmarks).
#
#   [CAP=1000] [EPOCHS=2] [TASKS="mnli-nli squad-qa"] [MAX_SEQ_LENGTH=256] [LR=5e-5] [SEED=42] [CLASS_BALANCE=true] \
#   [CONDITIONS=fewShot,rebase,oracle] [SKIP_PIPELINE=1] [TAG=name] benchmarks/quality/run.sh [STUDENT...]
#   (students default: all-minilm-l6-v2 bge-small-en-v15)
#
#   MAX_SEQ_LENGTH  student sequence length (default: 128 classification, 256 QA windows); shorter trains faster
#   LR / SEED       peak learning rate and seed (head initialisation, dropout, shuffling) of the three students
#   CLASS_BALANCE   inverse label frequency loss weights (classification; default true, as in the trainer)
#   CONDITIONS      which students to train (the gap needs all three)
#   SKIP_PIPELINE   reuse $OUT/<task>.rebase.jsonl and $OUT/<task>.stages.json of an earlier run
#   TAG             suffix of the result files, to keep runs with different settings apart
#
# 1. The pipeline (local stack, offline mapping transformer) ingests ../shared/datastore at the default cap
#    (1,000 rows per config) and turns each task's retrieved rows into examples; they are exported as JSONL.
# 2. QualityRun trains the student on (a) the task's 3 examples repeated, (b) the ReBase examples, (c) as many
#    real benchmark rows (disjoint from the eval slice; SQuAD: other articles), for the same number of steps,
#    and evaluates all three on the same slice (SQuAD: 1,000 questions; MNLI: 2,000 pairs).
# 3. Each result JSON holds the time of every stage, ingest excluded: pipelineStages (retrieval, transformation,
#    the stream trainer; from the services' logs and the task report, see stages.py) and, per condition,
#    trainSeconds / evalSeconds of the offline students.
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-../shared}
OUT=${OUT:-.rebase/quality}
EPOCHS=${EPOCHS:-2}
CAP=${CAP:-1000}                       # rows per config ingested (the reference: 1,000)
TASKS=${TASKS:-"mnli-nli squad-qa"}
STUDENTS=("$@"); [ ${#STUDENTS[@]} -eq 0 ] && STUDENTS=(all-minilm-l6-v2 bge-small-en-v15)
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"               # absolute: the classpath file below is written from another directory

[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q install -DskipTests
./mvnw -B -q -f benchmarks/quality/pom.xml package dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt"
CP="benchmarks/quality/target/rebase-quality-bench-0.1.0-SNAPSHOT.jar:$(cat "$OUT/classpath.txt")"

for task in $TASKS; do
  [ -z "${SKIP_PIPELINE:-}" ] || continue
  # the pipeline's own trainer only needs to consume the stream here; the comparison trains offline below
  # a new task id per run: the retriever ignores a repeated request for a task whose rows it already published
  TASK_ID="quality-$task-$(date +%Y%m%d%H%M%S)"
  python3 - "$task" "$OUT" "$TASK_ID" <<'PY'
import json, sys
task, out, task_id = sys.argv[1], sys.argv[2], sys.argv[3]
t = json.load(open(f"samples/tasks/{task}.json"))
t["taskId"] = task_id
t["training"] = {"maxSteps": 1, "epochs": 1}
t["evaluation"] = {"fewShotBaseline": False, "heldOutFraction": 0.0}
json.dump(t, open(f"{out}/{task}.pipeline.json", "w"))
PY
  start=$(date +%s)
  java -jar rebase-cli/target/rebase-cli.jar demo --keep-data --work-dir "$OUT/stack" --datastore "$SHARED/datastore" \
    --env REBASE_RETRIEVER_MAX_ROWS_PER_CONFIG="$CAP" \
    --task "$OUT/$task.pipeline.json" --export "$OUT/$task.rebase.jsonl" --timeout PT90M | tee "$OUT/$task.pipeline.log"
  echo "$task pipeline: $(( $(date +%s) - start ))s" | tee -a "$OUT/timings.txt"
  python3 benchmarks/quality/stages.py "$OUT/stack" "$TASK_ID" "$OUT/$task.stages.json"
done

SUFFIX=${TAG:+-$TAG}
for student in "${STUDENTS[@]}"; do
  [[ " $TASKS " == *" mnli-nli "* ]] && PIPELINE_STAGES="$OUT/mnli-nli.stages.json" java -Xmx8g -Dai.djl.offline=true -cp "$CP" io.rebase.bench.QualityRun samples/tasks/mnli-nli.json \
    "$OUT/mnli-nli.rebase.jsonl" "$SHARED/benchmarks/mnli_dev_matched/eval.jsonl" mnli "$student" 2000 "$EPOCHS" \
    "$OUT/mnli-$student$SUFFIX.json"
  [[ " $TASKS " == *" squad-qa "* ]] && PIPELINE_STAGES="$OUT/squad-qa.stages.json" java -Xmx8g -Dai.djl.offline=true -cp "$CP" io.rebase.bench.QualityRun samples/tasks/squad-qa.json \
    "$OUT/squad-qa.rebase.jsonl" "$SHARED/benchmarks/squad_v1.1_dev/eval.jsonl" squad "$student" 1000 "$EPOCHS" \
    "$OUT/squad-$student$SUFFIX.json"
done
echo "results: $OUT/*.json"
