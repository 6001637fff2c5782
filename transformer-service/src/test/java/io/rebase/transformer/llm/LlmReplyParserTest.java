package io.rebase.transformer.llm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LlmReplyParserTest {

    @Test
    void readsFencedJsonWithTextAroundAndTrailingCommas() {
        var p = LlmReplyParser.parse("Here you go:\n```json\n{\"input\": {\"a\": \"x { y\",}, \"rationale\": \"r\", \"output\": 1,}\n```\nDone.");
        assertThat(p).isPresent();
        assertThat(p.get().input()).containsEntry("a", "x { y");
        assertThat(p.get().output()).isEqualTo("1");
        assertThat(p.get().rationale()).isEqualTo("r");
    }

    @Test
    void skipsBracesInProseBeforeTheObject() {
        var p = LlmReplyParser.parse("I used {curly} notes. {\"input\": {\"q\": \"it's\"}, \"output\": \"B\"}");
        assertThat(p).isPresent();
        assertThat(p.get().output()).isEqualTo("B");
        assertThat(p.get().rationale()).isNull();
    }

    @Test
    void rejectsRepliesWithoutTheRequiredShape() {
        assertThat(LlmReplyParser.parse("positive")).isEmpty();
        assertThat(LlmReplyParser.parse("{\"output\": \"x\"}")).isEmpty();
        assertThat(LlmReplyParser.parse("{\"input\": {\"a\": \"b\"}, \"output\": ")).isEmpty();
        assertThat(LlmReplyParser.parse(null)).isEmpty();
    }
}
