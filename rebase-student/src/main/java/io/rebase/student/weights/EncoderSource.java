package io.rebase.student.weights;

import io.rebase.student.model.BertConfig;
import io.rebase.student.model.Pooling;
import java.util.Map;

/**
 * Everything needed to instantiate a pretrained encoder: architecture, HF-named weights (without
 * the {@code bert.} prefix, linear weights as [out, in]), the tokenizer definition and the pooling
 * the encoder was trained with.
 *
 * @param id            a short human-readable identifier, e.g. {@code all-minilm-l6-v2}
 * @param config        architecture
 * @param weights       weights by HF name; may hold extra tensors (e.g. a saved task head)
 * @param tokenizerJson contents of a Hugging Face {@code tokenizer.json}
 * @param pooling       the pooling the encoder's sentence embedding uses
 */
public record EncoderSource(
        String id, BertConfig config, Map<String, FloatTensor> weights, byte[] tokenizerJson, Pooling pooling) {}
