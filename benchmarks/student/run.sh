#!/usr/bin/env bash
# Throughput benchmark of the rebase-student MiniLM student: training and inference examples/s at
# sequence lengths 128 and 384 (batch 16, fp32) and peak RSS, then a QA training run at 256-token
# windows printing VmRSS every 5 steps (memory must stay flat after warm-up).
# Usage: benchmarks/student/run.sh [lengths] [steps] [probe-steps, 0 skips the QA probe]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
./mvnw -B -q -o -f rebase-student/pom.xml test-compile
./mvnw -B -q -o -f rebase-student/pom.xml dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
CP="rebase-student/target/classes:rebase-student/target/test-classes:$(cat rebase-student/target/bench.cp)"
JAVA=(java -Xmx6g -Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1 -Dai.djl.pytorch.num_threads="$(nproc)" -cp "$CP")
echo "machine: $(nproc) vCPU, $(lscpu | sed -n 's/^Model name:\s*//p'), date: $(date -u), load: $(cut -d' ' -f1-3 /proc/loadavg), OMP_WAIT_POLICY=$OMP_WAIT_POLICY"
"${JAVA[@]}" io.rebase.student.StudentBenchmark "${1:-128,384}" "${2:-3}"
if [ "${3:-30}" != "0" ]; then
  "${JAVA[@]}" io.rebase.student.TrainingMemoryProbe 256 "${3:-30}" 16
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
