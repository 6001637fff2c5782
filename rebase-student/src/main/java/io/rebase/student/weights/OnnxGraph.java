package io.rebase.student.weights;

import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX model relevant to weight extraction: the operator list and the float
 * initializers keyed by name (in file order).
 *
 * @param nodes        graph nodes in topological (file) order
 * @param initializers float32 initializers by name, in file order
 */
public record OnnxGraph(List<OnnxNode> nodes, Map<String, FloatTensor> initializers) {}
