package io.rebase.transformer.llm;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts an {@link OpenAiStub} for a {@code @QuarkusTest} and configures the service against it (with an API
 * key, so auto mode means LLM). The stub answers sentiment rows by echoing the row's text as the sentence and
 * "positive" as the label; a row whose text contains {@code case-500} always gets HTTP 500, one with
 * {@code case-slow} is answered after 100 ms.
 */
public class OpenAiStubResource implements QuarkusTestResourceLifecycleManager {

    private static final Pattern TEXT = Pattern.compile("<row>\\n(?:.*\\n)*?text: (.*)\\n");
    static OpenAiStub stub;

    public static OpenAiStub stub() {
        return stub;
    }

    @Override
    public Map<String, String> start() {
        stub = new OpenAiStub().script(s -> {
            if (s.prompt().contains("case-500")) {
                return OpenAiStub.Answer.status(500, Map.of());
            }
            Matcher m = TEXT.matcher(s.prompt());
            String text = m.find() ? m.group(1).replace("\"", "'") : "unknown";
            OpenAiStub.Answer answer = OpenAiStub.Answer.ok("{\"input\": {\"sentence\": \"" + text + "\"}, "
                    + "\"rationale\": \"Upbeat words, so positive.\", \"output\": \"positive\"}");
            return s.prompt().contains("case-slow") ? answer.after(100) : answer;
        });
        return Map.of("rebase.transformer.llm.base-url", stub.baseUrl(),
                "rebase.transformer.llm.api-key", "test-key",
                "rebase.transformer.llm.model", "gpt-4o-mini",
                "rebase.transformer.llm.max-attempts", "2",
                "rebase.transformer.llm.base-delay", "10ms");
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.close();
        }
    }
}
