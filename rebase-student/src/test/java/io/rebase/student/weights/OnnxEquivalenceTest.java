package io.rebase.student.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import io.rebase.student.data.TaskSpec;
import io.rebase.student.model.StudentModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DJL encoder with ONNX-extracted weights must reproduce ONNX Runtime's sentence embeddings. */
class OnnxEquivalenceTest {

    static final List<String> SENTENCES = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "A man is playing a guitar on stage while the crowd cheers.",
            "Retrieval-based distillation trains a small student from a large teacher's outputs.",
            "What is the capital city of France?",
            "i had to return the remote on this product because it appeared to be defective .");

    @Test
    void miniLmMatchesOnnxRuntime() {
        EncoderSource source = PretrainedEncoders.allMiniLmL6V2();
        assertEquals(6 * 16 + 5, source.weights().size(), "all HF-named weights recovered");
        assertSimilar(source, new AllMiniLmL6V2EmbeddingModel());
    }

    @Test
    void bgeSmallMatchesOnnxRuntime() {
        EncoderSource source = PretrainedEncoders.bgeSmallEnV15();
        assertEquals(12 * 16 + 5, source.weights().size(), "all HF-named weights recovered");
        assertSimilar(source, new BgeSmallEnV15EmbeddingModel());
    }

    private static void assertSimilar(EncoderSource source, EmbeddingModel reference) {
        try (StudentModel model = StudentModel.create(source, TaskSpec.extractiveQa(), source.pooling(), Device.cpu(), 1)) {
            float[][] ours = model.embed(SENTENCES);
            for (int i = 0; i < SENTENCES.size(); i++) {
                float[] ref = reference.embed(SENTENCES.get(i)).content().vector();
                double cos = cosine(ours[i], ref);
                assertTrue(cos > 0.999, source.id() + " sentence " + i + " cosine " + cos);
            }
            // guards against a vacuous comparison (e.g. both sides returning the same constant vector)
            double mismatched = cosine(ours[0], reference.embed(SENTENCES.get(3)).content().vector());
            assertTrue(mismatched < 0.95, "different sentences should not match: " + mismatched);
        }
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
