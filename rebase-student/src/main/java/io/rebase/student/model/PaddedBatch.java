package io.rebase.student.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.rebase.student.data.EncodedSequence;
import java.util.List;

/** Pads sequences to the longest one in the batch (dynamic padding) and builds encoder inputs. */
public final class PaddedBatch {

    private PaddedBatch() {}

    /** Returns {@code [input_ids, token_type_ids, attention_mask]} created in {@code manager}. */
    public static NDList of(List<EncodedSequence> sequences, NDManager manager) {
        int rows = sequences.size();
        int width = 1;
        for (EncodedSequence s : sequences) {
            width = Math.max(width, s.length());
        }
        long[] ids = new long[rows * width];
        long[] types = new long[rows * width];
        float[] mask = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            EncodedSequence s = sequences.get(r);
            System.arraycopy(s.ids(), 0, ids, r * width, s.length());
            System.arraycopy(s.typeIds(), 0, types, r * width, s.length());
            for (int c = 0; c < s.length(); c++) {
                mask[r * width + c] = 1f;
            }
        }
        Shape shape = new Shape(rows, width);
        NDArray idArr = manager.create(ids, shape);
        NDArray typeArr = manager.create(types, shape);
        NDArray maskArr = manager.create(mask, shape);
        return new NDList(idArr, typeArr, maskArr);
    }
}
