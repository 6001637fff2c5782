package io.rebase.student.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import io.rebase.contracts.TaskType;
import io.rebase.student.data.Example;
import io.rebase.student.data.TaskSpec;
import io.rebase.student.model.Pooling;
import io.rebase.student.model.StudentModel;
import io.rebase.student.weights.PretrainedEncoders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link StudentTrainer#fitSteps}: a fixed number of optimiser steps whatever the examples, so that training sets of
 * different sizes or window counts get the same budget; {@link StudentTrainer#fit} stays whole epochs.
 */
class FixedStepBudgetTest {

    @Test
    void trainsExactlyTheStepsAskedAcrossAndWithinPasses() {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            examples.add(new Example(Map.of("text", "review number " + i + (i % 2 == 0 ? " was great" : " was awful")),
                    i % 2 == 0 ? "positive" : "negative", null));
        }
        TaskSpec spec = TaskSpec.infer(TaskType.CLASSIFICATION, List.of("negative", "positive"),
                List.of("text")).withMaxSeqLength(16);
        TrainerConfig cfg = TrainerConfig.defaults().withBatchSize(4).withSchedule(1, 0);
        try (StudentModel model = StudentModel.create(PretrainedEncoders.allMiniLmL6V2(), spec, Pooling.MEAN, Device.cpu(), 3)) {
            StudentTrainer trainer = new StudentTrainer(model, cfg);
            assertEquals(3, trainer.stepsPerEpoch(examples), "10 examples in batches of 4");

            assertEquals(7, trainer.fitSteps(examples, 7).steps().size(), "two passes and a part of a third");
            assertEquals(2, trainer.fitSteps(examples, 2).steps().size(), "part of one pass");
            assertEquals(6, trainer.fit(examples, 2).steps().size(), "whole epochs");
            assertEquals(15, trainer.stepsDone());
            assertEquals(0, trainer.fitSteps(List.of(), 5).steps().size(), "nothing to train on");
        }
    }
}
