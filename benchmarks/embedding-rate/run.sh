#!/usr/bin/env bash
# Raw embedding rate (texts/s) of an in-process embedding model on a sample of the datastore's cells: the yardstick
# for the ingest rate (cells/s) that POST /datasets?wait=true reports. Runs outside the service (no HTTP, no registry):
# it reads the datastore folders itself, with the ingest's cell rules and row cap.
# usage: run.sh <datastore-root> [max-rows-per-config (0 = all)] [sample] [model] [threads]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
APP="$REPO/retriever-service/target/quarkus-app"
[ -d "$APP/lib/main" ] || (cd "$REPO" && ./mvnw -B -q package -DskipTests -pl retriever-service -am)
CP="$REPO/retriever-service/target/classes:$APP/lib/main/*"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
javac -d "$OUT" -cp "$CP" "$HERE/EmbeddingRate.java"
echo "machine: $(lscpu | grep 'Model name' | sed 's/ *Model name: *//'), $(nproc) vCPU; $(date -u +%F)" >&2
java -Xmx4g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$OUT:$CP" EmbeddingRate "$1" "${2:-1000}" "${3:-3000}" ${4:+"$4"} ${5:+"$5"}
