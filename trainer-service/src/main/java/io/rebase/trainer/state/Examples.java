package io.rebase.trainer.state;

import com.fasterxml.jackson.core.type.TypeReference;
import io.rebase.contracts.Json;
import io.rebase.student.data.Example;
import io.rebase.trainer.domain.StoredExample;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Conversions from stored examples to the student's. */
public final class Examples {

    private static final TypeReference<LinkedHashMap<String, String>> INPUT = new TypeReference<>() {
    };

    private Examples() {
    }

    /** The input fields of a stored example. */
    public static Map<String, String> input(StoredExample e) {
        try {
            return Json.mapper().readValue(e.inputJson, INPUT);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static Example of(StoredExample e) {
        return new Example(input(e), e.output, e.rationale);
    }
}
