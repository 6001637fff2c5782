package io.rebase.student.model;

import ai.djl.nn.Parameter;

/** The weights of one post-LN transformer layer, named as in Hugging Face's BertLayer. */
record BertLayerParameters(
        Parameter queryW, Parameter queryB,
        Parameter keyW, Parameter keyB,
        Parameter valueW, Parameter valueB,
        Parameter attnOutW, Parameter attnOutB,
        Parameter attnNormGamma, Parameter attnNormBeta,
        Parameter interW, Parameter interB,
        Parameter outW, Parameter outB,
        Parameter outNormGamma, Parameter outNormBeta) {

    static BertLayerParameters create(NamedParameters params, int index, BertConfig c) {
        String p = "encoder.layer." + index + ".";
        long h = c.hiddenSize();
        long i = c.intermediateSize();
        return new BertLayerParameters(
                params.weight(p + "attention.self.query.weight", h, h),
                params.bias(p + "attention.self.query.bias", h),
                params.weight(p + "attention.self.key.weight", h, h),
                params.bias(p + "attention.self.key.bias", h),
                params.weight(p + "attention.self.value.weight", h, h),
                params.bias(p + "attention.self.value.bias", h),
                params.weight(p + "attention.output.dense.weight", h, h),
                params.bias(p + "attention.output.dense.bias", h),
                params.gamma(p + "attention.output.LayerNorm.weight", h),
                params.beta(p + "attention.output.LayerNorm.bias", h),
                params.weight(p + "intermediate.dense.weight", i, h),
                params.bias(p + "intermediate.dense.bias", i),
                params.weight(p + "output.dense.weight", h, i),
                params.bias(p + "output.dense.bias", h),
                params.gamma(p + "output.LayerNorm.weight", h),
                params.beta(p + "output.LayerNorm.bias", h));
    }
}
