#!/usr/bin/env bash
# Search-side latency at scale: replicates the cell vectors of an ingested Lucene index (bench.sh / quality-check.sh
# data folder) with noise into a bigger index and times ANN search, row fetch and exact search per query.
# usage: scale-latency.sh <source-index-dir> <target-dir> <copies> [queries]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
LUCENE="$(find ~/.m2/repository/org/apache/lucene/lucene-core/9.12.3 -name 'lucene-core-9.12.3.jar' | head -1)"
CP="$REPO/retriever-service/target/classes:$LUCENE"
OUT="$(mktemp -d)"
javac -d "$OUT" -cp "$CP" "$HERE/src/ScaleLatency.java"
java -Xmx12g -cp "$OUT:$CP" ScaleLatency "$1" "$2" "$3" "${4:-10}"
