package io.rebase.cli.local;

import java.util.Locale;
import java.util.Map;

/**
 * Whether the local stack's transformer will run an LLM, read from the environment it inherits by the transformer's
 * own rule (mode {@code llm}; or mode {@code auto} with an API key, or a base URL other than OpenAI's, or
 * {@code llm.enabled}). The retriever is told, so that it keeps the rows an LLM can relabel.
 */
final class TransformerLlm {

    private static final String OPENAI_URL = "https://api.openai.com/v1";

    private TransformerLlm() {
    }

    static boolean configured(Map<String, String> env) {
        String mode = env.getOrDefault("REBASE_TRANSFORMER_MODE", "auto").trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("auto")) {
            return mode.equals("llm");
        }
        String enabled = env.get("REBASE_TRANSFORMER_LLM_ENABLED");
        if (enabled != null && !enabled.isBlank()) {
            return Boolean.parseBoolean(enabled.trim());
        }
        String key = first(env, "REBASE_TRANSFORMER_LLM_API_KEY", "QUARKUS_LANGCHAIN4J_OPENAI_API_KEY");
        String url = first(env, "REBASE_TRANSFORMER_LLM_BASE_URL", "QUARKUS_LANGCHAIN4J_OPENAI_BASE_URL");
        return key != null || url != null && !url.replaceAll("/+$", "").equals(OPENAI_URL);
    }

    private static String first(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }
}
