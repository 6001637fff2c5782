package io.rebase.student.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import io.rebase.student.Samples;
import io.rebase.student.data.Example;
import io.rebase.student.data.FieldRoles;
import io.rebase.student.data.Instance;
import io.rebase.student.data.TaskSpec;
import io.rebase.student.model.Pooling;
import io.rebase.student.model.StudentModel;
import io.rebase.student.weights.FloatTensor;
import io.rebase.student.weights.PretrainedEncoders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adam's moment estimates survive a checkpoint: a session parked and resumed (or a restarted trainer) goes on with the
 * step sizes it had, instead of the full-rate sign steps of fresh moments.
 */
class OptimizerCheckpointTest {

    @TempDir
    Path tmp;

    @Test
    void momentsRoundTripAndKeepTheFirstStepAfterAResumeSmall() throws Exception {
        TaskSpec spec = TaskSpec.classification(List.of("negative", "positive"), new FieldRoles("text", null, null))
                .withMaxSeqLength(32);
        TrainerConfig cfg = TrainerConfig.defaults().withSchedule(1, 40);
        List<Example> examples = Samples.examples(Samples.read("rt_polarity", List.of("text"), "label", Map.of()).subList(0, 96));
        Path withMoments = tmp.resolve("with");
        try (StudentModel model = StudentModel.create(PretrainedEncoders.allMiniLmL6V2(), spec, Pooling.MEAN, Device.cpu(), 1)) {
            StudentTrainer trainer = new StudentTrainer(model, cfg);
            for (int unit = 0; unit < 5; unit++) {
                trainer.trainOn(examples.subList(16 * unit, 16 * unit + 16));
            }
            trainer.saveCheckpoint(withMoments);
            assertTrue(Files.exists(withMoments.resolve(StudentTrainer.OPTIMIZER_FILE)));

            StudentTrainer resumed = StudentTrainer.resume(withMoments, cfg, Device.cpu());
            try (StudentModel ignored = resumed.model()) {
                assertEquals(trainer.optimizerState().size(), resumed.optimizerState().size());
                List<FloatTensor> before = trainer.optimizerState().snapshot(model.parametersByName());
                List<FloatTensor> after = resumed.optimizerState().snapshot(resumed.model().parametersByName());
                assertEquals(before.size(), after.size());
                for (int i = 0; i < before.size(); i++) {
                    assertEquals(before.get(i).name(), after.get(i).name());
                    assertArrayEquals(before.get(i).data(), after.get(i).data(), 0f, before.get(i).name());
                }
            }
        }

        // the same checkpoint without the moments (as written before they were kept): the first step after the resume
        // moves the weights much further
        Path withoutMoments = tmp.resolve("without");
        Files.createDirectories(withoutMoments);
        try (Stream<Path> files = Files.list(withMoments)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().equals(StudentTrainer.OPTIMIZER_FILE)).toList()) {
                Files.copy(f, withoutMoments.resolve(f.getFileName()));
            }
        }
        List<Example> next = examples.subList(80, 96);
        double kept = firstStepDistance(withMoments, cfg, next);
        double fresh = firstStepDistance(withoutMoments, cfg, next);
        System.out.printf("first step after a resume moves the weights by %.4f with the moments kept, %.4f without%n", kept, fresh);
        assertTrue(kept < 0.5 * fresh, "with moments " + kept + " vs fresh " + fresh);
    }

    /** L2 distance the weights move in the first step after resuming from {@code checkpoint}. */
    private static double firstStepDistance(Path checkpoint, TrainerConfig cfg, List<Example> batch) {
        StudentTrainer trainer = StudentTrainer.resume(checkpoint, cfg, Device.cpu());
        try (StudentModel model = trainer.model()) {
            Map<String, float[]> before = weights(model);
            List<Instance> instances = model.featurizer().training(batch).instances();
            trainer.step(instances);
            Map<String, float[]> after = weights(model);
            double sum = 0;
            for (Map.Entry<String, float[]> e : before.entrySet()) {
                float[] b = e.getValue();
                float[] a = after.get(e.getKey());
                for (int i = 0; i < b.length; i++) {
                    double d = a[i] - b[i];
                    sum += d * d;
                }
            }
            return Math.sqrt(sum);
        }
    }

    private static Map<String, float[]> weights(StudentModel model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.parametersByName().entrySet()) {
            out.put(e.getKey(), e.getValue().getArray().toFloatArray());
        }
        return out;
    }
}
