package io.rebase.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns raw JSON into a valid {@link TaskRequest} or an {@link InvalidTaskRequestException} naming the field.
 * Used by the retriever for records on the topic, by REST endpoints and by the CLI before anything is sent.
 */
public final class TaskRequestParser {

    private TaskRequestParser() {
    }

    /** Parses and validates; never returns an invalid request. */
    public static TaskRequest parse(String json) {
        return parse(json, null);
    }

    /** Parses and validates, also against the operator's {@code caps} (null: none); never returns an inadmissible request. */
    public static TaskRequest parse(String json, RequestCaps caps) {
        if (json == null || json.isBlank()) {
            throw invalid("(message)", "empty message: expected a JSON task request");
        }
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > TaskLimits.MAX_MESSAGE_BYTES) {
            // Still name the culprit when the size comes from one field: the most useful hint for the user.
            String field = largestTopLevelField(json);
            throw invalid(field == null ? "(message)" : field,
                    "message of " + bytes + " bytes exceeds the limit of " + TaskLimits.MAX_MESSAGE_BYTES + " bytes");
        }
        TaskRequest request;
        try {
            request = Json.strict().readValue(json, TaskRequest.class);
        } catch (JsonProcessingException e) {
            throw invalid(fieldOf(e), describe(e));
        }
        if (request == null) {
            throw invalid("(message)", "expected a JSON object, got null");
        }
        List<Violation> violations = TaskRequestValidator.validate(request, caps);
        if (!violations.isEmpty()) {
            throw new InvalidTaskRequestException(violations);
        }
        requireStorable(request);
        return request;
    }

    /**
     * The accepted request travels on its REQUESTED event, the trainer's one source of a task's spec, so its JSON as
     * written back must fit {@link TaskLimits#MAX_STORED_REQUEST_BYTES}. A request within the message limit always does
     * (writing back only drops whitespace and escapes); the check keeps that true if the limits ever change.
     */
    private static void requireStorable(TaskRequest request) {
        int chars = Json.write(request).length();
        if (chars > TaskLimits.MAX_STORED_REQUEST_BYTES) {
            throw invalid("(message)", "the request written back as JSON is " + chars
                    + " characters, over the limit of " + TaskLimits.MAX_STORED_REQUEST_BYTES + " that a task's spec may take");
        }
    }

    private static InvalidTaskRequestException invalid(String field, String message) {
        return new InvalidTaskRequestException(List.of(new Violation(field, message)));
    }

    static String fieldOf(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference ref : mapping.getPath()) {
                if (ref.getFieldName() != null) {
                    if (!path.isEmpty()) {
                        path.append('.');
                    }
                    path.append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            return path.toString();
        }
        return "(message)";
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'";
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            return v.getCause().getMessage();
        }
        if (e instanceof InvalidFormatException f) {
            return "cannot read " + quoted(f.getValue()) + " as " + simpleType(f.getTargetType());
        }
        if (e instanceof MismatchedInputException m) {
            return "wrong type: expected " + simpleType(m.getTargetType());
        }
        if (e instanceof JsonMappingException) {
            return e.getOriginalMessage();
        }
        return "malformed JSON: " + e.getOriginalMessage()
                + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr());
    }

    private static String quoted(Object value) {
        String text = String.valueOf(value);
        return "'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'";
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type == Boolean.class) {
            return "a boolean";
        }
        if (type.isEnum()) {
            return "one of " + TaskType.wireNames();
        }
        return type.getSimpleName();
    }

    /** Best effort: the top-level field whose value is largest, for oversize messages. */
    private static String largestTopLevelField(String json) {
        try (var parser = Json.strict().getFactory().createParser(json)) {
            if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return null;
            }
            String best = null;
            long bestSize = -1;
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                long size;
                if (parser.currentToken().isStructStart()) {
                    long start = parser.currentTokenLocation().getCharOffset();
                    parser.skipChildren();
                    size = parser.currentLocation().getCharOffset() - start;
                } else {
                    // scalars are read lazily: asking for the text length reads the whole value
                    size = parser.getTextLength();
                }
                if (size > bestSize) {
                    bestSize = size;
                    best = name;
                }
            }
            return best;
        } catch (Exception e) {
            return null;
        }
    }
}
