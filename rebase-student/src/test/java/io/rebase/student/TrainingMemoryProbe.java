package io.rebase.student;

import io.rebase.student.data.EncodedSequence;
import io.rebase.student.data.Instance;
import io.rebase.student.data.TaskSpec;
import io.rebase.student.model.Devices;
import io.rebase.student.model.Pooling;
import io.rebase.student.model.StudentModel;
import io.rebase.student.train.StudentTrainer;
import io.rebase.student.train.TrainerConfig;
import io.rebase.student.weights.PretrainedEncoders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains the extractive-QA student on synthetic windows of a fixed length and prints examples/s and
 * VmRSS every few steps, to show whether native memory stays flat after warm-up.
 * Args: length (default 128), steps (default 50), batch (default 16).
 */
public final class TrainingMemoryProbe {

    public static void main(String[] args) throws Exception {
        int len = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        TaskSpec spec = TaskSpec.extractiveQa();
        try (StudentModel model = StudentModel.create(PretrainedEncoders.allMiniLmL6V2(), spec, Pooling.MEAN,
                Devices.preferred(), 1)) {
            StudentTrainer trainer = new StudentTrainer(model, TrainerConfig.defaults());
            List<Instance> data = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                long[] ids = new long[len];
                long[] types = new long[len];
                for (int t = 0; t < len; t++) {
                    ids[t] = 1000 + (i * 31 + t * 7) % 20000;
                    types[t] = t < 20 ? 0 : 1;
                }
                ids[0] = 101;
                ids[19] = 102;
                ids[len - 1] = 102;
                int start = 20 + (i * 13) % (len - 40);
                data.add(new Instance(List.of(new EncodedSequence(ids, types)), -1, start, start + 3));
            }
            System.out.printf("length %d batch %d steps %d, rss before %s%n", len, batch, steps, rss("VmRSS"));
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long t0 = System.nanoTime();
            long tw = 0;
            long cw = 0;
            for (int s = 1; s <= steps; s++) {
                trainer.step(data);
                if (s == 5) {
                    tw = System.nanoTime();
                    cw = os.getProcessCpuTime();
                }
                if (s % 5 == 0) {
                    System.out.printf("step %d: %.2f ex/s overall, VmRSS %s%n", s,
                            s * batch / ((System.nanoTime() - t0) / 1e9), rss("VmRSS"));
                }
            }
            // CPU seconds per example do not depend much on other processes' load, unlike examples/s
            System.out.printf("after warm-up (steps 6-%d): %.2f examples/s, %.3f CPU-s per example; VmHWM %s; load %s%n",
                    steps, (steps - 5) * batch / ((System.nanoTime() - tw) / 1e9),
                    (os.getProcessCpuTime() - cw) / 1e9 / ((steps - 5) * batch), rss("VmHWM"),
                    Files.readString(Path.of("/proc/loadavg")).trim());
        }
    }

    static String rss(String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key)) {
                return line.substring(key.length() + 1).trim();
            }
        }
        return "n/a";
    }
}
