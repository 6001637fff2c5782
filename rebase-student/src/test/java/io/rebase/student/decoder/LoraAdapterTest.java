package io.rebase.student.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.rebase.student.weights.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PEFT save/load round trip and merged export, on both fixtures with their adapters. */
class LoraAdapterTest {

    private static final int[][] IDS = {{1, 37, 64, 27, 64, 91, 45, 95, 70, 82, 61, 11}};

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {DecoderFixtures.LLAMA, DecoderFixtures.QWEN2})
    void savedAdapterLoadsToTheSameLogitsWithPeftKeys(String name) throws Exception {
        Path folder = DecoderFixtures.folder(name);
        Path saved = dir.resolve("adapter");
        float[] before;
        try (DecoderModel m = DecoderModel.load(folder, Device.cpu())) {
            m.loadAdapter(folder.resolve("adapter"));
            before = logits(m);
            PeftAdapters.save(m.adapter(), saved, name);
        }
        assertTrue(Safetensors.read(saved.resolve("adapter_model.safetensors")).keySet()
                .equals(Safetensors.read(folder.resolve("adapter/adapter_model.safetensors")).keySet()),
                "PEFT key names as in the reference adapter");
        assertTrue(PeftAdapters.readConfig(saved).equals(PeftAdapters.readConfig(folder.resolve("adapter"))));
        try (DecoderModel m = DecoderModel.load(folder, Device.cpu())) {
            m.loadAdapter(saved);
            assertArrayEquals(before, logits(m));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {DecoderFixtures.LLAMA, DecoderFixtures.QWEN2})
    void mergedExportGivesTheAdaptedLogits(String name) throws Exception {
        Path folder = DecoderFixtures.folder(name);
        Path merged = dir.resolve("merged");
        float[] adapted;
        float[] base;
        try (DecoderModel m = DecoderModel.load(folder, Device.cpu())) {
            base = logits(m);
            m.loadAdapter(folder.resolve("adapter"));
            adapted = logits(m);
            MergedExport.write(m, merged);
        }
        assertFalse(Files.exists(merged.resolve("adapter_config.json")));
        try (DecoderModel m = DecoderModel.load(merged, Device.cpu())) {
            float[] got = logits(m);
            double worst = 0;
            double moved = 0;
            for (int i = 0; i < got.length; i++) {
                worst = Math.max(worst, Math.abs(got[i] - adapted[i]));
                moved = Math.max(moved, Math.abs(base[i] - adapted[i]));
            }
            assertTrue(worst < 1e-3, "merged vs base + adapter: max diff " + worst);
            assertTrue(moved > 0.1, "the adapter changes the logits (by " + moved + ")");
        }
    }

    private static float[] logits(DecoderModel m) {
        try (NDManager sub = m.manager().newSubManager()) {
            return m.logits(sub, IDS, null, false).toFloatArray();
        }
    }
}
