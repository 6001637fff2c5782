package io.rebase.student.weights;

import java.util.List;

/**
 * One operator of an ONNX graph, reduced to what weight resolution needs.
 *
 * @param name    the node name (may be empty)
 * @param opType  the operator, e.g. {@code MatMul}
 * @param inputs  input value names
 * @param outputs output value names
 */
public record OnnxNode(String name, String opType, List<String> inputs, List<String> outputs) {}
