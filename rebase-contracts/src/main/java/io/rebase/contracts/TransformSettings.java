package io.rebase.contracts;

/**
 * Optional per-task transformation settings.
 *
 * @param mode  {@code llm}, {@code mapping} or {@code auto} (LLM when one is configured, else mapping)
 * @param model the LLM model name, overriding the configured one
 * @param judge whether an LLM judge filters the transformed examples (yes/no)
 */
public record TransformSettings(String mode, String model, Boolean judge) {
}
