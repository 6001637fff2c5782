package io.rebase.student.weights;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the graph and float32 initializers of an ONNX file straight from its protobuf encoding,
 * so that no ONNX runtime or generated classes are needed.
 *
 * <p>Only the fields needed to recover BERT weights are decoded: ModelProto.graph (7),
 * GraphProto.node (1) and initializer (5), NodeProto input/output/name/op_type (1-4) and
 * TensorProto dims/data_type/float_data/name/raw_data (1, 2, 4, 8, 9).
 */
public final class OnnxReader {

    private static final int ONNX_FLOAT = 1;

    private OnnxReader() {}

    /** Parses a whole ONNX model from a stream (the stream is not closed). */
    public static OnnxGraph read(InputStream in) throws IOException {
        CodedInputStream cis = CodedInputStream.newInstance(in);
        // models are far beyond protobuf's default 64 MiB guard
        cis.setSizeLimit(Integer.MAX_VALUE);
        List<OnnxNode> nodes = new ArrayList<>();
        Map<String, FloatTensor> initializers = new LinkedHashMap<>();
        while (true) {
            int tag = cis.readTag();
            if (tag == 0) {
                break;
            }
            if (WireFormat.getTagFieldNumber(tag) == 7) {
                int limit = cis.pushLimit(cis.readRawVarint32());
                readGraph(cis, nodes, initializers);
                cis.popLimit(limit);
            } else {
                cis.skipField(tag);
            }
        }
        return new OnnxGraph(nodes, initializers);
    }

    private static void readGraph(CodedInputStream cis, List<OnnxNode> nodes, Map<String, FloatTensor> inits)
            throws IOException {
        while (!cis.isAtEnd()) {
            int tag = cis.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == 1) {
                int limit = cis.pushLimit(cis.readRawVarint32());
                nodes.add(readNode(cis));
                cis.popLimit(limit);
            } else if (field == 5) {
                int limit = cis.pushLimit(cis.readRawVarint32());
                FloatTensor t = readTensor(cis);
                if (t != null) {
                    inits.put(t.name(), t);
                }
                cis.popLimit(limit);
            } else {
                cis.skipField(tag);
            }
        }
    }

    private static OnnxNode readNode(CodedInputStream cis) throws IOException {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String op = "";
        while (!cis.isAtEnd()) {
            int tag = cis.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> inputs.add(cis.readString());
                case 2 -> outputs.add(cis.readString());
                case 3 -> name = cis.readString();
                case 4 -> op = cis.readString();
                default -> cis.skipField(tag);
            }
        }
        return new OnnxNode(name, op, List.copyOf(inputs), List.copyOf(outputs));
    }

    /** Returns the tensor, or null when it is not float32 (e.g. int64 shape constants). */
    private static FloatTensor readTensor(CodedInputStream cis) throws IOException {
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = "";
        byte[] raw = null;
        List<Float> floatData = new ArrayList<>();
        while (!cis.isAtEnd()) {
            int tag = cis.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            int wire = WireFormat.getTagWireType(tag);
            switch (field) {
                case 1 -> {
                    if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int limit = cis.pushLimit(cis.readRawVarint32());
                        while (!cis.isAtEnd()) {
                            dims.add(cis.readInt64());
                        }
                        cis.popLimit(limit);
                    } else {
                        dims.add(cis.readInt64());
                    }
                }
                case 2 -> dataType = cis.readInt32();
                case 4 -> {
                    if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int limit = cis.pushLimit(cis.readRawVarint32());
                        while (!cis.isAtEnd()) {
                            floatData.add(cis.readFloat());
                        }
                        cis.popLimit(limit);
                    } else {
                        floatData.add(cis.readFloat());
                    }
                }
                case 8 -> name = cis.readString();
                case 9 -> raw = cis.readByteArray();
                default -> cis.skipField(tag);
            }
        }
        if (dataType != ONNX_FLOAT) {
            return null;
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        float[] values;
        if (raw != null) {
            values = new float[raw.length / 4];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        } else {
            values = new float[floatData.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = floatData.get(i);
            }
        }
        return new FloatTensor(name, shape, values);
    }
}
