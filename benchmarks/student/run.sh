#!/usr/bin/env bash
# Throughput benchmark of the rebase-student MiniLM student: training and inference examples/s at
# sequence lengths 128 and 384 (batch 16, fp32) and peak RSS. Usage: benchmarks/student/run.sh [lengths] [steps]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
./mvnw -B -q -o -f rebase-student/pom.xml test-compile
./mvnw -B -q -o -f rebase-student/pom.xml dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
CP="rebase-student/target/classes:rebase-student/target/test-classes:$(cat rebase-student/target/bench.cp)"
echo "machine: $(nproc) vCPU, $(lscpu | sed -n 's/^Model name:\s*//p'), date: $(date -u)"
exec java -Xmx6g -Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1 -cp "$CP" io.rebase.student.StudentBenchmark "${1:-128,384}" "${2:-3}"
