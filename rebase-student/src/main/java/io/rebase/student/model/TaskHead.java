package io.rebase.student.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * A linear task head over encoder states: pooled for sequence classification and multiple choice,
 * per token for extractive QA. Inputs: hidden states [B, L, H] and attention mask [B, L].
 */
public final class TaskHead extends AbstractBlock {

    private static final byte VERSION = 1;

    private final HeadKind kind;
    private final Pooling pooling;
    private final int outputs;
    private final float dropout;
    private final NamedParameters named;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param kind       output shape
     * @param pooling    reduction used by pooled kinds (ignored for spans)
     * @param hiddenSize encoder width
     * @param outputs    labels for {@link HeadKind#SEQUENCE}; forced to 2 for spans and 1 for choices
     * @param dropout    dropout on the head input when training
     */
    public TaskHead(HeadKind kind, Pooling pooling, int hiddenSize, int outputs, float dropout) {
        super(VERSION);
        this.kind = kind;
        this.pooling = pooling;
        this.outputs = switch (kind) {
            case SEQUENCE -> outputs;
            case SPAN -> 2;
            case CHOICE -> 1;
        };
        this.dropout = dropout;
        this.named = new NamedParameters(this::addParameter);
        this.weight = named.weight(kind.weightPrefix() + ".weight", this.outputs, hiddenSize);
        this.bias = named.bias(kind.weightPrefix() + ".bias", this.outputs);
    }

    /** The head's output shape kind. */
    public HeadKind kind() {
        return kind;
    }

    /** The pooling used for sequence-level heads. */
    public Pooling pooling() {
        return pooling;
    }

    /** Parameters keyed by Hugging Face name, e.g. {@code classifier.weight}. */
    public Map<String, Parameter> parametersByHfName() {
        return named.asMap();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray hidden = inputs.get(0);
        NDArray mask = inputs.get(1);
        NDArray features = kind == HeadKind.SPAN ? hidden : pooling.pool(hidden, mask);
        features = Dropout.dropout(features, dropout, training).singletonOrThrow();
        NDArray w = ps.getValue(weight, hidden.getDevice(), training);
        NDArray b = ps.getValue(bias, hidden.getDevice(), training);
        return Linear.linear(features, w, b);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape h = inputShapes[0];
        return kind == HeadKind.SPAN
                ? new Shape[] {new Shape(h.get(0), h.get(1), outputs)}
                : new Shape[] {new Shape(h.get(0), outputs)};
    }
}
