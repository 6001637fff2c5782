#!/usr/bin/env bash
# Embedding model comparison on one input: for each model, a fresh service ingests the datastore at a cap, then
# reports the ingest stats, the raw embedding rate (texts/s, benchmarks/embedding-rate), ANN recall + latency (analyse.py recall) and the
# quality shares (analyse.py quality). Each figure line is preceded by `uptime` (the machine is shared).
# usage: compare-models.sh <datastore-root> <max-rows-per-config> <out-dir> [model ...]
# env: APP / JAVA_OPTS as in start-service.sh
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
ROOT="$1"; CAP="$2"; OUT="$3"; shift 3
MODELS=("${@:-all-minilm-l6-v2}")
PORT="${PORT:-18081}"
echo "machine: $(lscpu | grep 'Model name' | sed 's/ *Model name: *//'), $(nproc) vCPU; $(date -u +%F)"
for MODEL in "${MODELS[@]}"; do
  DATA="$OUT/$MODEL"
  rm -rf "$DATA"
  echo "=== $MODEL (cap $CAP) ==="
  JAVA_OPTS="${JAVA_OPTS:-} -Drebase.retriever.embedding.model=$MODEL" "$HERE/start-service.sh" "$ROOT" "$DATA" "$CAP" || continue
  echo "uptime: $(uptime)"
  curl -sf -XPOST "localhost:$PORT/datasets?wait=true" -H 'content-type: application/json' -d '{"path":"*"}' \
    | python3 -c 'import json,sys; print("ingest:", json.dumps(json.load(sys.stdin)["stats"]))'
  echo "uptime: $(uptime)"
  echo "raw embedding: $("$REPO/benchmarks/embedding-rate/run.sh" "$ROOT" "$CAP" 2000 "$MODEL")"
  echo "uptime: $(uptime)"
  python3 "$HERE/analyse.py" recall "http://localhost:$PORT" "$REPO/samples/tasks"
  echo "uptime: $(uptime)"
  python3 "$HERE/analyse.py" quality "http://localhost:$PORT" "$ROOT" "$REPO/samples/tasks" 0.3
  kill "$(cat "$DATA/service.pid")"; sleep 3
done
