package io.rebase.student.weights;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recovers Hugging Face named BERT weights from an exported ONNX graph.
 *
 * <p>Exporters keep the HF names for embeddings, biases and LayerNorm but store the attention and
 * feed-forward matrices as anonymous {@code onnx::MatMul_N} initializers in [in, out] layout. Each
 * one is named here by following its MatMul to the Add that consumes the product, whose other
 * input is the HF-named bias ({@code X.bias} gives {@code X.weight}); the matrix is then transposed
 * to PyTorch's [out, in] layout. Relying on the graph rather than on initializer order keeps this
 * correct for exports that order (or fuse) initializers differently.
 */
public final class OnnxBertWeights {

    private OnnxBertWeights() {}

    /** Returns every float weight of the graph under its HF name, linear weights as [out, in]. */
    public static Map<String, FloatTensor> extract(OnnxGraph graph) {
        Map<String, FloatTensor> inits = graph.initializers();
        Map<String, List<OnnxNode>> consumers = new HashMap<>();
        for (OnnxNode node : graph.nodes()) {
            for (String in : node.inputs()) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(node);
            }
        }
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (FloatTensor t : inits.values()) {
            if (isHfName(t.name())) {
                out.put(t.name(), t);
            }
        }
        for (OnnxNode node : graph.nodes()) {
            if (!node.opType().equals("MatMul")) {
                continue;
            }
            for (String in : node.inputs()) {
                FloatTensor w = inits.get(in);
                if (w == null || isHfName(in)) {
                    continue;
                }
                String bias = biasAddedTo(node.outputs().get(0), consumers, inits);
                if (bias == null) {
                    throw new IllegalStateException("cannot name MatMul weight " + in + " of node " + node.name());
                }
                String name = bias.substring(0, bias.length() - ".bias".length()) + ".weight";
                out.put(name, w.transposed(name));
            }
        }
        return out;
    }

    private static String biasAddedTo(String value, Map<String, List<OnnxNode>> consumers, Map<String, FloatTensor> inits) {
        for (OnnxNode c : consumers.getOrDefault(value, List.of())) {
            if (!c.opType().equals("Add")) {
                continue;
            }
            for (String other : c.inputs()) {
                if (!other.equals(value) && inits.containsKey(other) && other.endsWith(".bias")) {
                    return other;
                }
            }
        }
        return null;
    }

    private static boolean isHfName(String name) {
        return name.startsWith("embeddings.") || name.startsWith("encoder.") || name.startsWith("pooler.");
    }
}
