package io.rebase.student.weights;

import java.util.Arrays;

/**
 * A named dense float32 tensor in row-major order, the exchange format between weight files
 * (ONNX, safetensors) and the DJL model.
 *
 * @param name  the tensor's Hugging Face style name, e.g. {@code encoder.layer.0.attention.self.query.weight}
 * @param shape the dimensions, outermost first
 * @param data  the values, row-major; its length is the product of {@code shape}
 */
public record FloatTensor(String name, long[] shape, float[] data) {

    public FloatTensor {
        long expected = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (expected != data.length) {
            throw new IllegalArgumentException(
                    name + ": shape " + Arrays.toString(shape) + " needs " + expected + " values, got " + data.length);
        }
    }

    /** Returns a copy of a rank-2 tensor with rows and columns swapped, under a new name. */
    public FloatTensor transposed(String newName) {
        if (shape.length != 2) {
            throw new IllegalStateException(name + " is not a matrix: " + Arrays.toString(shape));
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[] out = new float[data.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = data[r * cols + c];
            }
        }
        return new FloatTensor(newName, new long[] {cols, rows}, out);
    }

    /** Returns the same values under another name. */
    public FloatTensor renamed(String newName) {
        return new FloatTensor(newName, shape, data);
    }
}
