package io.rebase.student.weights;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Minimal reader and writer of the Hugging Face safetensors format: an 8-byte little-endian header
 * length, a JSON header mapping tensor names to dtype/shape/data_offsets, then the raw tensor bytes.
 * Writes F32; reads F32, F16 and BF16 (widened to float32).
 */
public final class Safetensors {

    private Safetensors() {}

    /** Reads every tensor of a safetensors file, in header order. */
    public static Map<String, FloatTensor> read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headerBuf, 8);
            JsonObject header = JsonParser.parseString(new String(headerBuf.array(), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            long dataStart = 8 + headerLen;
            Map<String, FloatTensor> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonObject info = e.getValue().getAsJsonObject();
                String dtype = info.get("dtype").getAsString();
                JsonArray shapeJson = info.getAsJsonArray("shape");
                long[] shape = new long[shapeJson.size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shapeJson.get(i).getAsLong();
                }
                JsonArray offsets = info.getAsJsonArray("data_offsets");
                long begin = offsets.get(0).getAsLong();
                long end = offsets.get(1).getAsLong();
                ByteBuffer raw = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, raw, dataStart + begin);
                raw.flip();
                out.put(e.getKey(), new FloatTensor(e.getKey(), shape, decode(raw, dtype, e.getKey())));
            }
            return out;
        }
    }

    /** Writes the tensors as F32 in the given order. */
    public static void write(Path file, Collection<FloatTensor> tensors, Map<String, String> metadata)
            throws IOException {
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        long offset = 0;
        for (FloatTensor t : tensors) {
            JsonObject info = new JsonObject();
            info.addProperty("dtype", "F32");
            JsonArray shape = new JsonArray();
            for (long d : t.shape()) {
                shape.add(d);
            }
            info.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offset += 4L * t.data().length;
            offsets.add(offset);
            info.add("data_offsets", offsets);
            header.add(t.name(), info);
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        // the format asks for the data section to start 8-byte aligned; pad the header with spaces
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            headerBytes[i] = ' ';
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(headerBytes);
            for (FloatTensor t : tensors) {
                ByteBuffer buf = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(t.data());
                out.write(buf.array());
            }
        }
    }

    private static float[] decode(ByteBuffer raw, String dtype, String name) {
        switch (dtype) {
            case "F32" -> {
                float[] v = new float[raw.remaining() / 4];
                raw.asFloatBuffer().get(v);
                return v;
            }
            case "BF16" -> {
                float[] v = new float[raw.remaining() / 2];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Float.intBitsToFloat((raw.getShort() & 0xffff) << 16);
                }
                return v;
            }
            case "F16" -> {
                float[] v = new float[raw.remaining() / 2];
                for (int i = 0; i < v.length; i++) {
                    v[i] = halfToFloat(raw.getShort());
                }
                return v;
            }
            default -> throw new IllegalArgumentException("unsupported dtype " + dtype + " for " + name);
        }
    }

    private static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0) {
            float f = mant * 0x1p-24f;
            return sign == 0 ? f : -f;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("truncated safetensors file");
            }
            pos += n;
        }
    }
}
