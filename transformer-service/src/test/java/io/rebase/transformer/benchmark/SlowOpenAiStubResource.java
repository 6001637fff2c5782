package io.rebase.transformer.benchmark;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.rebase.transformer.llm.OpenAiStub;

import java.util.Map;

/** An OpenAI-compatible stub that answers every call after 300 ms, for the throughput benchmark. */
public class SlowOpenAiStubResource implements QuarkusTestResourceLifecycleManager {

    public static final long LATENCY_MS = 300;
    private OpenAiStub stub;

    @Override
    public Map<String, String> start() {
        stub = new OpenAiStub().script(s -> OpenAiStub.Answer.ok(
                "{\"input\": {\"sentence\": \"a benchmark sentence\"}, \"rationale\": \"It is upbeat, so positive.\","
                        + " \"output\": \"positive\"}").after(LATENCY_MS));
        return Map.of("rebase.transformer.llm.base-url", stub.baseUrl(),
                "rebase.transformer.llm.api-key", "bench-key",
                "rebase.transformer.llm.model", "gpt-4o-mini",
                // the benchmark measures the service, not the operator's spend limits
                "rebase.transformer.llm.requests-per-minute", "0", "rebase.transformer.llm.tokens-per-minute", "0",
                "rebase.transformer.llm.task-max-tokens", "0", "rebase.transformer.llm.task-max-cost-usd", "0");
    }

    @Override
    public void stop() {
        stub.close();
    }
}
