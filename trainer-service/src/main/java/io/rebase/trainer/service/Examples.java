package io.rebase.trainer.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.rebase.contracts.Json;
import io.rebase.contracts.TaskExample;
import io.rebase.contracts.TaskRequest;
import io.rebase.student.data.Example;
import io.rebase.trainer.domain.StoredExample;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions between the stored / requested examples and the student's. */
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

    /** The request's own demonstrations. */
    public static List<Example> of(TaskRequest request) {
        if (request.examples() == null) {
            return List.of();
        }
        return request.examples().stream().filter(x -> x != null && x.input() != null && x.output() != null)
                .map((TaskExample x) -> new Example(x.input(), x.output(), x.rationale())).toList();
    }
}
