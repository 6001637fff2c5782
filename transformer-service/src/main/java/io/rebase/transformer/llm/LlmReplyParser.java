package io.rebase.transformer.llm;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code {input, rationale, output}} object out of an LLM reply: tolerates code fences, text
 * around the object, trailing commas, single quotes and non-string scalars; anything else is "invalid JSON".
 */
public final class LlmReplyParser {

    /** The parsed reply. {@code input} holds the reply's fields as text. */
    public record Parsed(Map<String, String> input, String rationale, String output) {
    }

    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();

    private LlmReplyParser() {
    }

    /** The parsed object, or empty when the reply holds no usable one. */
    public static Optional<Parsed> parse(String reply) {
        if (reply == null) {
            return Optional.empty();
        }
        String text = reply.strip();
        int start = text.indexOf('{');
        while (start >= 0) {
            int end = matchingBrace(text, start);
            if (end < 0) {
                return Optional.empty();
            }
            Optional<Parsed> parsed = read(text.substring(start, end + 1));
            if (parsed.isPresent()) {
                return parsed;
            }
            start = text.indexOf('{', start + 1);
        }
        return Optional.empty();
    }

    private static Optional<Parsed> read(String json) {
        JsonNode node;
        try {
            node = LENIENT.readTree(json);
        } catch (Exception e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject() || !node.has("output") || !node.path("input").isObject()) {
            return Optional.empty();
        }
        Map<String, String> input = new LinkedHashMap<>();
        node.get("input").fields().forEachRemaining(f -> input.put(f.getKey(), text(f.getValue())));
        JsonNode output = node.get("output");
        return Optional.of(new Parsed(input, text(node.get("rationale")), text(output)));
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /** The index of the brace closing the one at {@code start}, skipping strings; -1 when unbalanced. */
    private static int matchingBrace(String s, int start) {
        int depth = 0;
        boolean inString = false;
        char quote = 0;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    inString = false;
                }
            } else if (c == '"' || c == '\'') {
                // an apostrophe inside prose would unbalance the scan; only treat it as a quote after JSON punctuation
                if (c == '"' || isQuoteContext(s, i)) {
                    inString = true;
                    quote = c;
                }
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static boolean isQuoteContext(String s, int i) {
        int j = i - 1;
        while (j >= 0 && Character.isWhitespace(s.charAt(j))) {
            j--;
        }
        return j >= 0 && "{[:,".indexOf(s.charAt(j)) >= 0;
    }
}
