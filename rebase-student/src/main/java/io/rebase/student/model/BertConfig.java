package io.rebase.student.model;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Architecture hyper-parameters of a BERT encoder, in Hugging Face {@code config.json} terms.
 *
 * @param vocabSize               word-piece vocabulary size
 * @param hiddenSize              width of every layer
 * @param numLayers               number of transformer layers
 * @param numHeads                attention heads per layer
 * @param intermediateSize        width of the feed-forward inner layer
 * @param maxPositions            longest sequence the position table covers
 * @param typeVocabSize           number of token-type (segment) ids
 * @param layerNormEps            LayerNorm epsilon
 * @param hiddenDropout           dropout on embeddings and sub-layer outputs when training
 * @param attentionDropout        dropout on attention probabilities when training
 */
public record BertConfig(
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int intermediateSize,
        int maxPositions,
        int typeVocabSize,
        float layerNormEps,
        float hiddenDropout,
        float attentionDropout) {

    /** sentence-transformers/all-MiniLM-L6-v2. */
    public static final BertConfig MINILM_L6 = new BertConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12f, 0.1f, 0.1f);

    /** BAAI/bge-small-en-v1.5. */
    public static final BertConfig BGE_SMALL = new BertConfig(30522, 384, 12, 12, 1536, 512, 2, 1e-12f, 0.1f, 0.1f);

    /** Parses a Hugging Face {@code config.json}; missing optional keys take BERT's defaults. */
    public static BertConfig fromJson(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        return new BertConfig(
                o.get("vocab_size").getAsInt(),
                o.get("hidden_size").getAsInt(),
                o.get("num_hidden_layers").getAsInt(),
                o.get("num_attention_heads").getAsInt(),
                o.get("intermediate_size").getAsInt(),
                o.has("max_position_embeddings") ? o.get("max_position_embeddings").getAsInt() : 512,
                o.has("type_vocab_size") ? o.get("type_vocab_size").getAsInt() : 2,
                o.has("layer_norm_eps") ? o.get("layer_norm_eps").getAsFloat() : 1e-12f,
                o.has("hidden_dropout_prob") ? o.get("hidden_dropout_prob").getAsFloat() : 0.1f,
                o.has("attention_probs_dropout_prob") ? o.get("attention_probs_dropout_prob").getAsFloat() : 0.1f);
    }

    /** Renders this configuration as a Hugging Face {@code config.json} object. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("model_type", "bert");
        o.add("architectures", JsonParser.parseString("[\"BertModel\"]"));
        o.addProperty("vocab_size", vocabSize);
        o.addProperty("hidden_size", hiddenSize);
        o.addProperty("num_hidden_layers", numLayers);
        o.addProperty("num_attention_heads", numHeads);
        o.addProperty("intermediate_size", intermediateSize);
        o.addProperty("max_position_embeddings", maxPositions);
        o.addProperty("type_vocab_size", typeVocabSize);
        o.addProperty("layer_norm_eps", layerNormEps);
        o.addProperty("hidden_dropout_prob", hiddenDropout);
        o.addProperty("attention_probs_dropout_prob", attentionDropout);
        o.addProperty("hidden_act", "gelu");
        o.addProperty("torch_dtype", "float32");
        return o;
    }

    /** Width of one attention head. */
    public int headSize() {
        return hiddenSize / numHeads;
    }
}
