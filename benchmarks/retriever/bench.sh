#!/usr/bin/env bash
# Benchmark: ingest rate (cells/s) beside the raw embedding rate of the same model right after the ingest
# (benchmarks/embedding-rate/run.sh, same datastore and row cap),
# ANN recall of the selected top 3,000 rows against exact search, and retrieval latency per task.
# usage: bench.sh [datastore-root] [max-rows-per-config (0 = all)] [data-dir]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
ROOT="${1:-$REPO/../shared/datastore}"
CAP="${2:-0}"
DATA="${3:-/tmp/rebase-bench-$CAP}"
PORT="${PORT:-18081}"
echo "machine: $(lscpu | grep 'Model name' | sed 's/ *Model name: *//'), $(nproc) vCPU; $(date -u +%F)"
"$HERE/start-service.sh" "$ROOT" "$DATA" "$CAP"
trap 'kill "$(cat "$DATA/service.pid")"' EXIT
curl -sf -XPOST "localhost:$PORT/datasets?wait=true" -H 'content-type: application/json' -d '{"path":"*"}' \
  | python3 -c 'import json,sys; s=json.load(sys.stdin)["stats"]; print("ingest:", json.dumps(s))'
echo "raw embedding: $("$REPO/benchmarks/embedding-rate/run.sh" "$ROOT" "$CAP" 3000)"
python3 "$HERE/analyse.py" recall "http://localhost:$PORT" "$REPO/samples/tasks"
