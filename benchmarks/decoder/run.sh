#!/usr/bin/env bash
# Decoder student benchmark on random weights in the shape of SmolLM2-135M: LoRA r=16 training tokens/s as a
# fraction of the fp32 matmul rate measured in the same run, greedy generation tokens/s with and without the KV
# cache, peak RSS. Usage: benchmarks/decoder/run.sh [length 256] [batch 8] [timed steps 2] [new tokens 128] [layers 30] [prompt lengths 16[,128...]]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
./mvnw -B -q -o -f rebase-student/pom.xml test-compile
./mvnw -B -q -o -f rebase-student/pom.xml org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
CP="rebase-student/target/classes:rebase-student/target/test-classes:$(cat rebase-student/target/bench.cp)"
echo "machine: $(nproc) vCPU, $(lscpu | sed -n 's/^Model name:\s*//p'), date: $(date -u), load: $(cut -d' ' -f1-3 /proc/loadavg), OMP_WAIT_POLICY=$OMP_WAIT_POLICY"
java -Xmx4g -Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1 -Dai.djl.pytorch.num_threads="$(nproc)" \
  -cp "$CP" io.rebase.student.decoder.DecoderBenchmark "${1:-256}" "${2:-8}" "${3:-2}" "${4:-128}" "${5:-30}" "${6:-16}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
