package io.rebase.contracts;

import java.util.Map;

/**
 * One demonstration of the task: its input fields, the expected output and, optionally,
 * a rationale that explains how the output follows from the input.
 *
 * @param input     field name to text, e.g. {@code {premise: ..., hypothesis: ...}}
 * @param output    the expected output (a label, an answer span, an option letter or free text)
 * @param rationale optional step-by-step reasoning that ends with the output
 */
public record TaskExample(Map<String, String> input, String output, String rationale) {
}
