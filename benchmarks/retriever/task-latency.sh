#!/usr/bin/env bash
# Retrieval latency per task on an ingested store: starts the packaged retriever-service on it (start-service.sh),
# posts each sample task N times to the dry-run endpoint (POST /retrievals: retrieve and select, publish nothing) and
# prints the service's own latency, the candidates scored and the selection mix; the first request includes the
# cold index and the config profile sampling, the rest are warm.
#   usage: task-latency.sh <datastore-root> <data-dir> [requests=5] [tasks="mnli-nli squad-qa"]
#   env: JAVA_OPTS (e.g. -Drebase.retriever.retrieval.tie-expansion-max=400), PORT (18081),
#        AFTER_WARM_UP=1: the first request waits for the start-up warm-up to end (its log line), to time a warmed start
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
N=${3:-5}; TASKS=${4:-"mnli-nli squad-qa"}
"$HERE/start-service.sh" "$1" "$2" 0 > /dev/null
trap 'kill "$(cat "$2/service.pid")" 2> /dev/null || true' EXIT
if [ -n "${AFTER_WARM_UP:-}" ]; then
  for _ in $(seq 1 300); do grep -q "retrieval warmed up\|warm-up failed" "$2/service.log" && break; sleep 1; done
  grep -h "retrieval warmed up\|warm-up failed" "$2/service.log" | tail -1 | sed 's/.*\(retrieval\)/\1/'
fi
for i in $(seq 1 "$N"); do
  for t in $TASKS; do
    python3 - "$REPO/samples/tasks/$t.json" "${PORT:-18081}" "$t" "$i" <<'PY'
import json, sys, urllib.request
task = json.load(open(sys.argv[1]))
task["taskId"] = f"latency-{sys.argv[3]}-{sys.argv[4]}"
req = urllib.request.Request(f"http://localhost:{sys.argv[2]}/retrievals", data=json.dumps(task).encode(),
                             headers={"Content-Type": "application/json"})
sel = json.load(urllib.request.urlopen(req, timeout=300))
mix = dict(sorted(sel["datasetMix"].items(), key=lambda e: -e[1]))
print(f"{sys.argv[3]} #{sys.argv[4]}: {sel['latencyMs']} ms, {sel['candidatesScored']} candidates, mix {mix}")
PY
  done
done
