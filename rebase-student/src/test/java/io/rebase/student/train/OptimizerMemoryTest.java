package io.rebase.student.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.rebase.student.Samples;
import io.rebase.student.data.FieldRoles;
import io.rebase.student.data.TaskSpec;
import io.rebase.student.model.Pooling;
import io.rebase.student.model.StudentModel;
import io.rebase.student.weights.PretrainedEncoders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The optimiser's moment estimates (two model-sized arrays per parameter) belong to the model and are freed with
 * it: a trainer service trains one student per task, and moments left behind cost ~190 MB per task (MiniLM).
 */
class OptimizerMemoryTest {

    @Test
    void momentsAreFreedWhenTheModelCloses() {
        TaskSpec spec = TaskSpec.classification(List.of("negative", "positive"), new FieldRoles("text", null, null))
                .withMaxSeqLength(32);
        StudentTrainer trainer;
        int parameters;
        try (StudentModel model = StudentModel.create(PretrainedEncoders.allMiniLmL6V2(), spec, Pooling.MEAN, Device.cpu(), 1)) {
            trainer = new StudentTrainer(model, TrainerConfig.defaults().withSchedule(1, 4));
            trainer.trainOn(Samples.examples(Samples.read("rt_polarity", List.of("text"), "label", Map.of()).subList(0, 16)));
            parameters = model.parameters().size();
            assertEquals(parameters, trainer.optimizerState().size(), "every parameter has moments after a step");
            assertFalse(trainer.optimizerState().released());
        }
        assertTrue(trainer.optimizerState().released(), "closing the model frees the optimiser state");
    }
}
