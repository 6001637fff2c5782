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
 * caller's manager; each is closed as soon as the next op has consumed it. All ops are autograd-capable.
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
        NDArray x = hidden(sub, ids, mask, cache, training);
        if (lastOnly) {
            x = closing(x, x.get(new NDIndex(":, -1:, :")));
        }
        return closing(x, Linear.linear(x, model.weight(DecoderTensors.LM_HEAD), null).singletonOrThrow());
    }

    /** The final-normed hidden states [B, L, H] (the head's input). */
    NDArray hidden(NDManager sub, int[][] ids, boolean[][] mask, KvCache cache, boolean training) {
        int batch = ids.length;
        int length = ids[0].length;
        // without a cache, a throw-away one in a sub-manager of sub (freed with it) holds this pass's keys/values
        KvCache kv = cache != null ? cache : new KvCache(sub, config.numLayers(), batch);
        int past = kv.length();
        if (past + length > config.maxPositions()) {
            throw new IllegalArgumentException("sequence of " + (past + length)
                    + " tokens exceeds max_position_embeddings " + config.maxPositions());
        }
        NDArray x = embed(sub, ids); // validates the ids before the cache records anything
        int[][] positions = kv.appendMask(mask);
        NDList tables = rope.tables(sub, positions);
        NDArray bias = AttentionMask.bias(sub, kv.keyMask(), past, length);
        for (int layer = 0; layer < config.numLayers(); layer++) {
            x = closing(x, layer(x, layer, tables, bias, kv, training));
        }
        return closing(x, rmsNorm(x, model.weight(DecoderTensors.FINAL_NORM)));
    }

    /**
     * Closes {@code used} and returns {@code result}. Dropping an intermediate's handle as soon as the next op has
     * consumed it bounds the memory of a pass to what autograd itself keeps (it holds its own references to the
     * tensors backward needs); otherwise every intermediate of every layer would live until the step's manager
     * closes.
     */
    static NDArray closing(NDArray used, NDArray result) {
        used.close();
        return result;
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
        NDArray attended = closing(x, attention(x, layer, tables, bias, kv, training));
        NDArray h2 = closing(attended, h.add(attended));
        x = rmsNorm(h2, model.weight(prefix + "post_attention_layernorm.weight"));
        NDArray gateIn = project(x, layer, "gate_proj", training);
        NDArray up = project(x, layer, "up_proj", training);
        x.close();
        NDArray sigmoid = Activation.sigmoid(gateIn);
        NDArray gate = closing(sigmoid, gateIn.mul(sigmoid));
        gateIn.close();
        NDArray product = closing(up, gate.mul(up));
        gate.close();
        NDArray down = closing(product, project(product, layer, "down_proj", training));
        return closing(down, closing(h2, h2.add(down)));
    }

    private NDArray attention(NDArray x, int layer, NDList tables, NDArray bias, KvCache kv, boolean training) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        int heads = config.numHeads();
        int kvHeads = config.numKvHeads();
        int hd = config.headDim();
        NDArray q = heads(project(x, layer, "q_proj", training), heads);
        // the 1 / sqrt(head_dim) of the scores applied to q: one [.., L, hd] op instead of one [.., L, T]
        q = closing(q, q.mul((float) (1.0 / Math.sqrt(hd))));
        q = closing(q, rope.apply(q, tables));
        NDArray k = heads(project(x, layer, "k_proj", training), kvHeads);
        k = closing(k, rope.apply(k, tables));
        NDArray v = heads(project(x, layer, "v_proj", training), kvHeads);
        NDArray[] full = kv.append(layer, k, v);
        // query head h uses kv head h / group (transformers' repeat_kv): group the query heads and broadcast
        NDArray grouped = closing(q, q.reshape(batch, kvHeads, config.groupSize(), length, hd));
        // full[] may belong to a persistent cache: close what is derived from it, or it lives as long as the cache
        NDArray expandedKeys = full[0].expandDims(2);
        NDArray keysT = closing(expandedKeys, expandedKeys.transpose(0, 1, 2, 4, 3));
        NDArray scores = closing(grouped, closing(keysT, grouped.matMul(keysT)));
        if (bias != null) {
            scores = closing(scores, scores.add(bias));
        }
        NDArray probs = closing(scores, scores.softmax(-1));
        NDArray values = full[1].expandDims(2);
        NDArray context = closing(probs, closing(values, probs.matMul(values)));
        context = closing(context, context.reshape(batch, heads, length, hd));
        context = closing(context, context.transpose(0, 2, 1, 3));
        context = closing(context, context.reshape(batch, length, (long) heads * hd));
        return closing(context, project(context, layer, "o_proj", training));
    }

    /** [B, L, heads * hd] -> [B, heads, L, hd], closing the input. */
    private NDArray heads(NDArray x, int heads) {
        return closing(x, splitHeads(x, heads));
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
        boolean dropout = adapter.config().dropout() > 0 && training;
        NDArray in = dropout ? Dropout.dropout(x, (float) adapter.config().dropout(), true).singletonOrThrow() : x;
        NDArray low = Linear.linear(in, ab[0], null).singletonOrThrow();
        if (dropout) {
            in.close();
        }
        NDArray update = closing(low, Linear.linear(low, ab[1], null).singletonOrThrow());
        NDArray scaled = closing(update, update.mul((float) adapter.config().scale()));
        return closing(scaled, closing(y, y.add(scaled)));
    }

    /** transformers' LlamaRMSNorm: {@code x / sqrt(mean(x^2) + eps) * weight}, in float32. */
    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray squares = x.square();
        NDArray variance = closing(squares, squares.mean(new int[] {-1}, true));
        NDArray shifted = closing(variance, variance.add((float) config.rmsNormEps()));
        NDArray root = closing(shifted, shifted.sqrt());
        NDArray normed = closing(root, x.div(root));
        return closing(normed, normed.mul(weight));
    }
}
