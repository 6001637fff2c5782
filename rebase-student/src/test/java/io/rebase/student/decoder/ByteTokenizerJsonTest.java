package io.rebase.student.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The written byte-level tokenizer loads in the Hugging Face tokenizers library and round-trips any text. */
class ByteTokenizerJsonTest {

    @Test
    void oneTokenPerByteAndExactRoundTrip(@TempDir Path dir) throws Exception {
        ByteTokenizerJson.write(dir);
        try (HfTokenText text = HfTokenText.load(dir)) {
            String code = "df.sort_values(by=['a', \"b\"])  # tri é";
            int[] ids = text.encode(code);
            assertEquals(code.getBytes(StandardCharsets.UTF_8).length, ids.length);
            assertEquals(3 + 'd', ids[0]);
            assertEquals(code, text.decode(ids));
            int[] withEos = java.util.Arrays.copyOf(ids, ids.length + 1);
            withEos[ids.length] = ByteTokenizerJson.EOS;
            assertEquals(code, text.decode(withEos), "special tokens are skipped on decode");
            assertArrayEquals(new int[] {3 + ' ', 3 + 'x'}, text.encode(" x"));
        }
    }

    @Test
    void tinyFolderLoadsAndGenerates(@TempDir Path dir) throws Exception {
        TinyDecoderFolder.write(dir, 3);
        try (DecoderModel model = DecoderModel.load(dir, ai.djl.Device.cpu()); HfTokenText text = HfTokenText.load(dir)) {
            assertEquals(ByteTokenizerJson.VOCAB_SIZE, model.config().vocabSize());
            GeneratedSequence out = new Generator(model, text).generate(text.encode("x = "),
                    GenerationOptions.greedy(5, java.util.Set.of(ByteTokenizerJson.EOS)));
            assertEquals(5, out.tokens().length);
        }
    }
}
