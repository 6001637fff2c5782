#!/usr/bin/env bash
# Quality check (not part of the default tests): ingests a datastore (default ../shared/datastore at the
# default cap of 1,000 rows per config) and checks that samples/tasks/mnli-nli.json gets >= 80% of its top
# 1,000 rows from NLI datasets, samples/tasks/squad-qa.json >= 80% from QA datasets with >= half extractive,
# and that no dataset exceeds the share cap.
# usage: quality-check.sh [datastore-root] [max-rows-per-config] [data-dir]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
ROOT="${1:-$REPO/../shared/datastore}"
CAP="${2:-1000}"
DATA="${3:-/tmp/rebase-quality-$CAP}"
PORT="${PORT:-18081}"
"$HERE/start-service.sh" "$ROOT" "$DATA" "$CAP"
trap 'kill "$(cat "$DATA/service.pid")"' EXIT
curl -sf -XPOST "localhost:$PORT/datasets?wait=true" -H 'content-type: application/json' -d '{"path":"*"}' \
  | python3 -c 'import json,sys; print("ingest:", json.load(sys.stdin)["stats"])'
python3 "$HERE/analyse.py" quality "http://localhost:$PORT" "$ROOT" "$REPO/samples/tasks" 0.3
