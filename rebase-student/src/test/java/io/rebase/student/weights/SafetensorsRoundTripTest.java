package io.rebase.student.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import com.google.gson.JsonObject;
import io.rebase.student.data.TaskSpec;
import io.rebase.student.model.StudentModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX-loaded weights written as a HF folder (bert.-prefixed safetensors) reload to identical outputs. */
class SafetensorsRoundTripTest {

    @TempDir
    Path tmp;

    @Test
    void hfFolderRoundTripGivesIdenticalEmbeddings() throws IOException {
        EncoderSource onnx = PretrainedEncoders.allMiniLmL6V2();
        Path folder = tmp.resolve("minilm");
        Files.createDirectories(folder);
        JsonObject cfg = onnx.config().toJson();
        Files.writeString(folder.resolve("config.json"), cfg.toString());
        Files.write(folder.resolve("tokenizer.json"), onnx.tokenizerJson());
        List<FloatTensor> prefixed = onnx.weights().values().stream()
                .map(t -> t.renamed("bert." + t.name())).collect(Collectors.toList());
        Safetensors.write(folder.resolve("model.safetensors"), prefixed, Map.of("format", "pt"));

        Map<String, FloatTensor> raw = Safetensors.read(folder.resolve("model.safetensors"));
        FloatTensor q = onnx.weights().get("encoder.layer.0.attention.self.query.weight");
        assertArrayEquals(q.shape(), raw.get("bert.encoder.layer.0.attention.self.query.weight").shape());
        assertArrayEquals(q.data(), raw.get("bert.encoder.layer.0.attention.self.query.weight").data());

        EncoderSource reloaded = PretrainedEncoders.fromHfFolder(folder);
        assertEquals(onnx.config(), reloaded.config());
        List<String> texts = List.of("a small test sentence", "another, rather longer, test sentence about weights");
        try (StudentModel a = StudentModel.create(onnx, TaskSpec.extractiveQa(), onnx.pooling(), Device.cpu(), 1);
             StudentModel b = StudentModel.create(reloaded, TaskSpec.extractiveQa(), reloaded.pooling(), Device.cpu(), 1)) {
            float[][] ea = a.embed(texts);
            float[][] eb = b.embed(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(ea[i], eb[i], 0f);
            }
        }
    }
}
