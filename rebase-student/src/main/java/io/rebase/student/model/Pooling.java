package io.rebase.student.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/** How a sequence of hidden states is reduced to one vector. */
public enum Pooling {
    /** Average of the non-padding token states (sentence-transformers / all-MiniLM). */
    MEAN {
        @Override
        public NDArray pool(NDArray hidden, NDArray mask) {
            NDArray m = mask.toType(DataType.FLOAT32, false).expandDims(-1);
            NDArray summed = hidden.mul(m).sum(new int[] {1});
            return summed.div(m.sum(new int[] {1}).clip(1e-9f, Float.MAX_VALUE));
        }
    },
    /** The state of the first ([CLS]) token (BGE). */
    CLS {
        @Override
        public NDArray pool(NDArray hidden, NDArray mask) {
            return hidden.get(new NDIndex(":, 0, :"));
        }
    };

    /**
     * Pools hidden states [B, L, H] with an attention mask [B, L] into [B, H].
     */
    public abstract NDArray pool(NDArray hidden, NDArray mask);
}
