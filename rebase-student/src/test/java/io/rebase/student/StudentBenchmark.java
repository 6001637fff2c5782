package io.rebase.student;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.rebase.student.data.EncodedSequence;
import io.rebase.student.data.FieldRoles;
import io.rebase.student.data.Instance;
import io.rebase.student.data.TaskSpec;
import io.rebase.student.model.PaddedBatch;
import io.rebase.student.model.Pooling;
import io.rebase.student.model.Devices;
import io.rebase.student.model.StudentModel;
import io.rebase.student.train.StudentTrainer;
import io.rebase.student.train.TrainerConfig;
import io.rebase.student.weights.PretrainedEncoders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures training and inference throughput of the MiniLM student (classification head, batch 16)
 * at fixed sequence lengths, plus peak RSS. Args: lengths (default 128,384), train steps (default 3).
 */
public final class StudentBenchmark {

    public static void main(String[] args) throws Exception {
        String[] lengths = (args.length > 0 ? args[0] : "128,384").split(",");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int batch = 16;
        Device device = Devices.preferred();
        TaskSpec spec = TaskSpec.classification(List.of("negative", "positive"), new FieldRoles("text", null, null))
                .withMaxSeqLength(512);
        try (StudentModel model = StudentModel.create(PretrainedEncoders.allMiniLmL6V2(), spec, Pooling.MEAN, device, 1)) {
            StudentTrainer trainer = new StudentTrainer(model, TrainerConfig.defaults());
            System.out.printf("device %s%n", device);
            for (String l : lengths) {
                int len = Integer.parseInt(l.trim());
                List<Instance> data = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    long[] ids = new long[len];
                    long[] types = new long[len];
                    for (int t = 0; t < len; t++) {
                        ids[t] = 1000 + (i * 31 + t * 7) % 20000;
                    }
                    ids[0] = 101;
                    ids[len - 1] = 102;
                    data.add(new Instance(List.of(new EncodedSequence(ids, types)), i % 2, -1, -1));
                }
                trainer.step(data); // warm-up
                long t0 = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    trainer.step(data);
                }
                double trainRate = steps * batch / ((System.nanoTime() - t0) / 1e9);
                List<EncodedSequence> seqs = data.stream().map(d -> d.sequences().get(0)).toList();
                infer(model, seqs);
                long t1 = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    infer(model, seqs);
                }
                double evalRate = steps * batch / ((System.nanoTime() - t1) / 1e9);
                System.out.printf("seq_len %d batch %d: train %.2f examples/s, eval %.2f examples/s, peak RSS %s%n",
                        len, batch, trainRate, evalRate, peakRss());
            }
        }
    }

    private static void infer(StudentModel model, List<EncodedSequence> seqs) {
        try (NDManager sub = model.manager().newSubManager()) {
            model.logits(PaddedBatch.of(seqs, sub), false).toFloatArray();
        }
    }

    private static String peakRss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM")) {
                return line.substring(6).trim();
            }
        }
        return "n/a";
    }
}
