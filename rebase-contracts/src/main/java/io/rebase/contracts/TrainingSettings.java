package io.rebase.contracts;

/**
 * Optional per-task student training settings.
 *
 * @param studentModel  {@code all-minilm-l6-v2}, {@code bge-small-en-v15} or a local Hugging Face folder
 * @param epochs        passes over the stream's examples
 * @param batchSize     examples per optimiser step
 * @param maxSeqLength  longest token sequence fed to the student
 * @param learningRate  peak AdamW learning rate
 * @param maxSteps      an upper bound on optimiser steps (0 or null: no bound)
 */
public record TrainingSettings(String studentModel, Integer epochs, Integer batchSize, Integer maxSeqLength,
                               Double learningRate, Integer maxSteps) {
}
