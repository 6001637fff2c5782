package io.rebase.student.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rebase.student.weights.FloatTensor;
import io.rebase.student.weights.Safetensors;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F16 storage: the tiny Llama fixture rewritten as IEEE half precision loads to exactly the model built from the
 * same values widened here (BF16 storage is covered by the tiny-qwen2-bf16 fixture).
 */
class HalfPrecisionStorageTest {

    @Test
    void f16CheckpointLoadsAsItsWidenedValues(@TempDir Path dir) throws Exception {
        Path source = DecoderFixtures.folder(DecoderFixtures.LLAMA);
        JsonObject config = JsonParser.parseString(Files.readString(source.resolve("config.json"))).getAsJsonObject();
        config.addProperty("torch_dtype", "float16");
        Files.writeString(dir.resolve("config.json"), config.toString());
        Map<String, FloatTensor> widened = new LinkedHashMap<>();
        JsonObject header = new JsonObject();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (FloatTensor t : Safetensors.read(source.resolve("model.safetensors")).values()) {
            ByteBuffer bytes = ByteBuffer.allocate(2 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[t.data().length];
            for (int i = 0; i < values.length; i++) {
                short half = toHalf(t.data()[i]);
                bytes.putShort(half);
                values[i] = fromHalf(half);
            }
            JsonObject info = new JsonObject();
            info.addProperty("dtype", "F16");
            JsonArray shape = new JsonArray();
            for (long d : t.shape()) {
                shape.add(d);
            }
            info.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(data.size());
            data.write(bytes.array());
            offsets.add(data.size());
            info.add("data_offsets", offsets);
            header.add(t.name(), info);
            widened.put(t.name(), new FloatTensor(t.name(), t.shape(), values));
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + json.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(json.length).put(json).put(data.toByteArray());
        Files.write(dir.resolve("model.safetensors"), file.array());

        int[][] ids = {{1, 37, 64, 27, 64, 91, 45, 95}};
        DecoderConfig parsed = DecoderConfig.load(dir);
        try (DecoderModel loaded = DecoderModel.load(dir, Device.cpu());
             DecoderModel reference = DecoderModel.fromTensors(parsed, GenerationDefaults.of(parsed), widened, Device.cpu());
             NDManager a = loaded.manager().newSubManager();
             NDManager b = reference.manager().newSubManager();
             DecoderModel f32 = DecoderModel.load(source, Device.cpu());
             NDManager c = f32.manager().newSubManager()) {
            float[] got = loaded.logits(a, ids, null, false).toFloatArray();
            assertArrayEquals(reference.logits(b, ids, null, false).toFloatArray(), got);
            // and close to the float32 original (half precision keeps ~3 decimal digits of each weight)
            assertArrayEquals(f32.logits(c, ids, null, false).toFloatArray(), got, 0.5f);
        }
    }

    /** float32 -> IEEE half, round to nearest even; the fixture's values are all within the half range. */
    private static short toHalf(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xff) - 127 + 15;
        int mant = bits & 0x7fffff;
        if (exp <= 0) {
            if (exp < -10) {
                return (short) sign;
            }
            mant |= 0x800000;
            int shift = 14 - exp;
            int half = mant >> shift;
            int rest = mant & ((1 << shift) - 1);
            int midpoint = 1 << (shift - 1);
            if (rest > midpoint || (rest == midpoint && (half & 1) == 1)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (exp << 10) | (mant >> 13);
        int rest = mant & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
            half++;
        }
        return (short) (sign | half);
    }

    private static float fromHalf(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
