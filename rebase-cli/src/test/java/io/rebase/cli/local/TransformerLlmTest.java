package io.rebase.cli.local;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TransformerLlmTest {

    @Test
    void followsTheTransformersAutoRule() {
        assertThat(TransformerLlm.configured(Map.of())).isFalse();
        assertThat(TransformerLlm.configured(Map.of("QUARKUS_LANGCHAIN4J_OPENAI_API_KEY", "sk-x"))).isTrue();
        assertThat(TransformerLlm.configured(Map.of("QUARKUS_LANGCHAIN4J_OPENAI_API_KEY", " "))).isFalse();
        assertThat(TransformerLlm.configured(Map.of("QUARKUS_LANGCHAIN4J_OPENAI_BASE_URL", "http://localhost:8000/v1"))).isTrue();
        assertThat(TransformerLlm.configured(Map.of("QUARKUS_LANGCHAIN4J_OPENAI_BASE_URL", "https://api.openai.com/v1/"))).isFalse();
        assertThat(TransformerLlm.configured(Map.of("REBASE_TRANSFORMER_LLM_ENABLED", "false", "REBASE_TRANSFORMER_LLM_API_KEY", "k"))).isFalse();
    }

    @Test
    void anExplicitModeDecides() {
        assertThat(TransformerLlm.configured(Map.of("REBASE_TRANSFORMER_MODE", "llm"))).isTrue();
        assertThat(TransformerLlm.configured(Map.of("REBASE_TRANSFORMER_MODE", "mapping", "QUARKUS_LANGCHAIN4J_OPENAI_API_KEY", "sk-x"))).isFalse();
    }
}
