package io.rebase.student.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;

/**
 * The forward pass of transformers' LlamaForCausalLM / Qwen2ForCausalLM: embedding, per layer pre-norm attention
 * (RMSNorm, q/k/v, rotary embedding, grouped-query causal attention, o) and pre-norm SwiGLU MLP with residuals, final
 * RMSNorm, head. Every op is invoked on an activation (never on a weight), so intermediate arrays belong to the
 * caller's manager and are freed with it; all of them are autograd-capable.
 */
final class DecoderForward {

    private final DecoderModel model;
    private final DecoderConfig config;
    private final Rope rope;

    DecoderForward(DecoderModel model) {
        this.model = model;
        this.config = model.config();
        this.rope = new Rope(config.ropeTheta(), config.headDim());
    }

    NDArray run(NDManager sub, int[][] ids, boolean[][] mask, KvCache cache, boolean training, boolean lastOnly) {
        int batch = ids.length;
        int length = ids[0].length;
        KvCache kv = cache != null ? cache : new KvCache(sub, config.numLayers(), batch);
        int past = kv.length();
        if (past + length > config.maxPositions()) {
            throw new IllegalArgumentException("sequence of " + (past + length)
                    + " tokens exceeds max_position_embeddings " + config.maxPositions());
        }
        int[][] positions = kv.appendMask(mask);
        NDList tables = rope.tables(sub, positions);
        NDArray bias = AttentionMask.bias(sub, kv.keyMask(), past, length);
        NDArray x = embed(sub, ids);
        for (int layer = 0; layer < config.numLayers(); layer++) {
            x = layer(x, layer, tables, bias, kv, training);
        }
        if (lastOnly) {
            x = x.get(new NDIndex(":, -1:, :"));
        }
        x = rmsNorm(x, model.weight(DecoderTensors.FINAL_NORM));
        NDArray logits = Linear.linear(x, model.weight(DecoderTensors.LM_HEAD), null).singletonOrThrow();
        // a cache made here lives in a sub-manager of sub: its arrays stay alive for a backward pass
        return logits;
    }

    private NDArray embed(NDManager sub, int[][] ids) {
        int batch = ids.length;
        int length = ids[0].length;
        long[] flat = new long[batch * length];
        for (int b = 0; b < batch; b++) {
            for (int l = 0; l < length; l++) {
                int id = ids[b][l];
                if (id < 0 || id >= config.vocabSize()) {
                    throw new IllegalArgumentException("token id " + id + " outside the vocabulary of "
                            + config.vocabSize());
                }
                flat[b * length + l] = id;
            }
        }
        NDArray idArray = sub.create(flat, new Shape(batch, length));
        return idArray.getNDArrayInternal()
                .embedding(idArray, model.weight(DecoderTensors.EMBED), SparseFormat.DENSE).singletonOrThrow();
    }

    private NDArray layer(NDArray h, int layer, NDList tables, NDArray bias, KvCache kv, boolean training) {
        String prefix = "model.layers." + layer + ".";
        NDArray x = rmsNorm(h, model.weight(prefix + "input_layernorm.weight"));
        h = h.add(attention(x, layer, tables, bias, kv, training));
        x = rmsNorm(h, model.weight(prefix + "post_attention_layernorm.weight"));
        NDArray gateIn = project(x, layer, "gate_proj", training);
        NDArray gate = gateIn.mul(Activation.sigmoid(gateIn));
        NDArray up = project(x, layer, "up_proj", training);
        return h.add(project(gate.mul(up), layer, "down_proj", training));
    }

    private NDArray attention(NDArray x, int layer, NDList tables, NDArray bias, KvCache kv, boolean training) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        int heads = config.numHeads();
        int kvHeads = config.numKvHeads();
        int hd = config.headDim();
        NDArray q = rope.apply(splitHeads(project(x, layer, "q_proj", training), heads), tables);
        NDArray k = rope.apply(splitHeads(project(x, layer, "k_proj", training), kvHeads), tables);
        NDArray v = splitHeads(project(x, layer, "v_proj", training), kvHeads);
        NDArray[] full = kv.append(layer, k, v);
        // query head h uses kv head h / group (transformers' repeat_kv): group the query heads and broadcast
        NDArray grouped = q.reshape(batch, kvHeads, config.groupSize(), length, hd);
        NDArray keys5 = full[0].expandDims(2);
        NDArray values5 = full[1].expandDims(2);
        NDArray scores = grouped.matMul(keys5.transpose(0, 1, 2, 4, 3)).div((float) Math.sqrt(hd)).add(bias);
        NDArray context = scores.softmax(-1).matMul(values5)
                .reshape(batch, heads, length, hd)
                .transpose(0, 2, 1, 3)
                .reshape(batch, length, (long) heads * hd);
        return project(context, layer, "o_proj", training);
    }

    private NDArray splitHeads(NDArray x, int heads) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        return x.reshape(batch, length, heads, config.headDim()).transpose(0, 2, 1, 3);
    }

    /** A projection of the layer, plus its LoRA update when the adapter targets it. */
    private NDArray project(NDArray x, int layer, String projection, boolean training) {
        String module = DecoderTensors.module(layer, projection);
        NDArray y = Linear.linear(x, model.weight(module + ".weight"),
                DecoderTensors.hasBias(config, projection) ? model.weight(module + ".bias") : null).singletonOrThrow();
        LoraAdapter adapter = model.adapter();
        NDArray[] ab = adapter == null ? null : adapter.of(module);
        if (ab == null) {
            return y;
        }
        NDArray in = adapter.config().dropout() > 0
                ? Dropout.dropout(x, (float) adapter.config().dropout(), training).singletonOrThrow() : x;
        NDArray low = Linear.linear(in, ab[0], null).singletonOrThrow();
        NDArray update = Linear.linear(low, ab[1], null).singletonOrThrow();
        return y.add(update.mul((float) adapter.config().scale()));
    }

    /** transformers' LlamaRMSNorm: {@code x / sqrt(mean(x^2) + eps) * weight}, in float32. */
    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray variance = x.square().mean(new int[] {-1}, true);
        return x.div(variance.add((float) config.rmsNormEps()).sqrt()).mul(weight);
    }
}
