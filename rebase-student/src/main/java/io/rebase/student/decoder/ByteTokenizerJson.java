package io.rebase.student.decoder;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a byte-level BPE {@code tokenizer.json} without merges (GPT-2's byte-to-character table, one token per
 * byte) plus three special tokens: {@code <pad>} 0, {@code <s>} 1 ({@link #BOS}), {@code </s>} 2 ({@link #EOS}).
 * Any text encodes and decodes back exactly, so tests and demos can pair it with a {@link RandomDecoder} of
 * {@link #VOCAB_SIZE} tokens without downloading a tokenizer.
 */
public final class ByteTokenizerJson {

    /** The beginning-of-sequence id. */
    public static final int BOS = 1;
    /** The end-of-sequence id. */
    public static final int EOS = 2;
    /** Three special tokens and 256 bytes. */
    public static final int VOCAB_SIZE = 3 + 256;

    private static final String[] SPECIALS = {"<pad>", "<s>", "</s>"};

    private ByteTokenizerJson() {}

    /** Writes {@code folder/tokenizer.json}. */
    public static Path write(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve("tokenizer.json");
        Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(json()));
        return file;
    }

    static JsonObject json() {
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", JsonNull.INSTANCE);
        root.add("padding", JsonNull.INSTANCE);
        JsonArray added = new JsonArray();
        JsonObject vocab = new JsonObject();
        for (int id = 0; id < SPECIALS.length; id++) {
            JsonObject t = new JsonObject();
            t.addProperty("id", id);
            t.addProperty("content", SPECIALS[id]);
            t.addProperty("single_word", false);
            t.addProperty("lstrip", false);
            t.addProperty("rstrip", false);
            t.addProperty("normalized", false);
            t.addProperty("special", true);
            added.add(t);
            vocab.addProperty(SPECIALS[id], id);
        }
        List<Integer> chars = byteChars();
        for (int b = 0; b < 256; b++) {
            vocab.addProperty(new String(Character.toChars(chars.get(b))), SPECIALS.length + b);
        }
        root.add("added_tokens", added);
        root.add("normalizer", JsonNull.INSTANCE);
        root.add("pre_tokenizer", byteLevel(false));
        root.add("post_processor", JsonNull.INSTANCE);
        root.add("decoder", byteLevel(true));
        JsonObject model = new JsonObject();
        model.addProperty("type", "BPE");
        model.add("dropout", JsonNull.INSTANCE);
        model.add("unk_token", JsonNull.INSTANCE);
        model.add("continuing_subword_prefix", JsonNull.INSTANCE);
        model.add("end_of_word_suffix", JsonNull.INSTANCE);
        model.addProperty("fuse_unk", false);
        model.add("vocab", vocab);
        model.add("merges", new JsonArray());
        root.add("model", model);
        return root;
    }

    private static JsonObject byteLevel(boolean prefixSpace) {
        JsonObject o = new JsonObject();
        o.addProperty("type", "ByteLevel");
        o.addProperty("add_prefix_space", prefixSpace);
        o.addProperty("trim_offsets", true);
        o.addProperty("use_regex", true);
        return o;
    }

    /** GPT-2's {@code bytes_to_unicode}: the printable character standing for each byte 0..255. */
    static List<Integer> byteChars() {
        List<Integer> bs = new ArrayList<>();
        for (int c = '!'; c <= '~'; c++) {
            bs.add(c);
        }
        for (int c = 0xA1; c <= 0xAC; c++) {
            bs.add(c);
        }
        for (int c = 0xAE; c <= 0xFF; c++) {
            bs.add(c);
        }
        Integer[] out = new Integer[256];
        bs.forEach(b -> out[b] = b);
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (out[b] == null) {
                out[b] = 256 + n++;
            }
        }
        return List.of(out);
    }
}
