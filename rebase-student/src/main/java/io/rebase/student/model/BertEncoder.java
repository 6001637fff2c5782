package io.rebase.student.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face compatible BERT encoder (embeddings + post-LN transformer layers) built from DJL
 * primitives.
 *
 * <p>DJL's bundled {@code BertBlock} differs from HF BERT (batch norm, residual placement, fixed
 * length, pooling), so pretrained HF weights only reproduce their reference outputs with this
 * block. Inputs: {@code input_ids} (int64 [B, L]), {@code token_type_ids} (int64 [B, L]) and
 * {@code attention_mask} (float32 [B, L], 1 for real tokens). Output: hidden states [B, L, H].
 *
 * <p>Every op is invoked on an activation (never on a parameter) so that intermediate arrays
 * belong to the caller's NDManager and are freed with it.
 */
public final class BertEncoder extends AbstractBlock {

    private static final byte VERSION = 1;
    /** Added to attention scores of padding keys; large enough to zero them after softmax. */
    private static final float MASKED_SCORE = -1e9f;

    private final BertConfig config;
    private final NamedParameters named;
    private final Parameter wordEmbeddings;
    private final Parameter positionEmbeddings;
    private final Parameter tokenTypeEmbeddings;
    private final Parameter embNormGamma;
    private final Parameter embNormBeta;
    private final List<BertLayerParameters> layers = new ArrayList<>();

    /** Creates an uninitialised encoder; call {@link #initialize} before loading weights. */
    public BertEncoder(BertConfig config) {
        super(VERSION);
        this.config = config;
        this.named = new NamedParameters(this::addParameter);
        long h = config.hiddenSize();
        wordEmbeddings = named.weight("embeddings.word_embeddings.weight", config.vocabSize(), h);
        positionEmbeddings = named.weight("embeddings.position_embeddings.weight", config.maxPositions(), h);
        tokenTypeEmbeddings = named.weight("embeddings.token_type_embeddings.weight", config.typeVocabSize(), h);
        embNormGamma = named.gamma("embeddings.LayerNorm.weight", h);
        embNormBeta = named.beta("embeddings.LayerNorm.bias", h);
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(BertLayerParameters.create(named, i, config));
        }
    }

    /** The architecture of this encoder. */
    public BertConfig config() {
        return config;
    }

    /** Parameters keyed by Hugging Face name (without the {@code bert.} prefix), in canonical order. */
    public Map<String, Parameter> parametersByHfName() {
        return named.asMap();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray typeIds = inputs.get(1);
        NDArray mask = inputs.get(2);
        Device device = ids.getDevice();
        long batch = ids.getShape().get(0);
        long length = ids.getShape().get(1);

        NDArray positions = ids.getManager().arange(0, (int) length, 1, DataType.INT64, device).reshape(1, length);
        NDArray x = lookup(ids, value(ps, wordEmbeddings, device, training))
                .add(lookup(typeIds, value(ps, tokenTypeEmbeddings, device, training)))
                .add(lookup(positions, value(ps, positionEmbeddings, device, training)));
        x = layerNorm(x, value(ps, embNormGamma, device, training), value(ps, embNormBeta, device, training));
        x = Dropout.dropout(x, config.hiddenDropout(), training).singletonOrThrow();

        NDArray scoreBias = mask.toType(DataType.FLOAT32, false)
                .neg()
                .add(1f)
                .mul(MASKED_SCORE)
                .reshape(batch, 1, 1, length);
        for (BertLayerParameters layer : layers) {
            x = layer(ps, layer, x, scoreBias, training, device);
        }
        return new NDList(x);
    }

    private NDArray layer(ParameterStore ps, BertLayerParameters p, NDArray x, NDArray scoreBias,
                          boolean training, Device device) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        int heads = config.numHeads();
        int headSize = config.headSize();

        NDArray q = heads(linear(x, ps, p.queryW(), p.queryB(), device, training), heads, headSize);
        NDArray k = heads(linear(x, ps, p.keyW(), p.keyB(), device, training), heads, headSize);
        NDArray v = heads(linear(x, ps, p.valueW(), p.valueB(), device, training), heads, headSize);

        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(headSize)).add(scoreBias);
        NDArray probs = scores.softmax(-1);
        probs = Dropout.dropout(probs, config.attentionDropout(), training).singletonOrThrow();
        NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, config.hiddenSize());

        NDArray attnOut = linear(context, ps, p.attnOutW(), p.attnOutB(), device, training);
        attnOut = Dropout.dropout(attnOut, config.hiddenDropout(), training).singletonOrThrow();
        NDArray h = layerNorm(attnOut.add(x),
                value(ps, p.attnNormGamma(), device, training), value(ps, p.attnNormBeta(), device, training));

        NDArray inner = Activation.gelu(linear(h, ps, p.interW(), p.interB(), device, training));
        NDArray out = linear(inner, ps, p.outW(), p.outB(), device, training);
        out = Dropout.dropout(out, config.hiddenDropout(), training).singletonOrThrow();
        return layerNorm(out.add(h),
                value(ps, p.outNormGamma(), device, training), value(ps, p.outNormBeta(), device, training));
    }

    private static NDArray heads(NDArray x, int heads, int headSize) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        return x.reshape(batch, length, heads, headSize).transpose(0, 2, 1, 3);
    }

    private static NDArray linear(NDArray x, ParameterStore ps, Parameter w, Parameter b, Device d, boolean t) {
        return Linear.linear(x, value(ps, w, d, t), value(ps, b, d, t)).singletonOrThrow();
    }

    private NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        return LayerNorm.layerNorm(x, new Shape(config.hiddenSize()), gamma, beta, config.layerNormEps())
                .singletonOrThrow();
    }

    private static NDArray lookup(NDArray ids, NDArray table) {
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    static NDArray value(ParameterStore ps, Parameter p, Device device, boolean training) {
        return ps.getValue(p, device, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        return new Shape[] {new Shape(ids.get(0), ids.get(1), config.hiddenSize())};
    }
}
