#!/usr/bin/env bash
# Transformer throughput benchmark: one replica (the Quarkus service, LLM mode) against a local
# OpenAI-compatible stub answering after 300 ms, at concurrency 1, 8, 32 and 64.
# Each concurrency runs in its own JVM (one Quarkus test profile per JVM). Results: transformer-service/target/transformer-benchmark.tsv
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -f transformer-service/target/transformer-benchmark.tsv
for c in 1 8 32 64; do
  ./mvnw -B -q -o test -pl transformer-service -Dtest="TransformerBenchmarkC$c" -Dsurefire.failIfNoSpecifiedTests=false \
    | grep BENCH || true
done
echo "concurrency rows seconds examples/s llm_ms overhead_ms publish_ms processing_ms"
cat transformer-service/target/transformer-benchmark.tsv
