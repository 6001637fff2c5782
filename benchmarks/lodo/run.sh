#!/usr/bin/env bash
# Leave-one-dataset-out benchmark (issue 21): see benchmarks/lodo/README.md. Needs ../shared/datastore (or SHARED=...).
#
#   benchmarks/lodo/run.sh [--tasks a,b] [--smoke] [--out .rebase/lodo] [--top-rows N] [--eval-rows N] ...
#   benchmarks/lodo/run.sh --list            # the picks and the tasks built from them, nothing run
#   benchmarks/lodo/run.sh --report-only     # rewrite the table, summary and plot from the results so far
#
# Builds the CLI and the three services (package, never install) unless SKIP_BUILD is set; then lodo.py runs each
# task through `rebase demo` on one stack work folder (the datastore is ingested once per cap, then reused).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q package -DskipTests -pl rebase-cli,retriever-service,transformer-service,trainer-service -am
fi
exec python3 benchmarks/lodo/lodo.py "$@"
