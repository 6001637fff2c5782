package io.rebase.student.decoder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** {@link TokenText} over a model folder's {@code tokenizer.json} (the Hugging Face tokenizers library). */
public final class HfTokenText implements TokenText, AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    private HfTokenText(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Loads {@code folder/tokenizer.json}; fails naming the file when it is absent. */
    public static HfTokenText load(Path folder) throws IOException {
        Path file = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new DecoderLoadException("no tokenizer.json in " + folder);
        }
        return new HfTokenText(HuggingFaceTokenizer.newInstance(file,
                Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false")));
    }

    @Override
    public int[] encode(String text) {
        Encoding e = tokenizer.encode(text, false, false);
        long[] ids = e.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            wide[i] = ids[i];
        }
        return tokenizer.decode(wide, true);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
