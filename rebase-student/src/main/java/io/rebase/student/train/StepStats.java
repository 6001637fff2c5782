package io.rebase.student.train;

/**
 * Metrics of one optimiser step.
 *
 * @param step              1-based global step number
 * @param loss              mean loss of the step's batch
 * @param learningRate      learning rate used
 * @param examples          instances in the batch
 * @param sequenceLength    padded length of the batch
 * @param examplesPerSecond throughput of this step (forward + backward + update)
 */
public record StepStats(int step, float loss, float learningRate, int examples, int sequenceLength, double examplesPerSecond) {}
