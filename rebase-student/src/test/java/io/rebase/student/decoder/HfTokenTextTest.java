package io.rebase.student.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HfTokenText} over a real {@code tokenizer.json} (the all-MiniLM-L6-v2 WordPiece tokenizer bundled in the
 * langchain4j jar; no decoder tokenizer ships with the fixtures): no special tokens added, decode inverts encode.
 */
class HfTokenTextTest {

    @Test
    void encodesWithoutSpecialTokensAndDecodesBack(@TempDir Path dir) throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
            Files.copy(in, dir.resolve("tokenizer.json"));
        }
        try (HfTokenText text = HfTokenText.load(dir)) {
            int[] ids = text.encode("the answer is paris");
            assertEquals(4, ids.length, "four word pieces, no [CLS]/[SEP]");
            assertEquals("the answer is paris", text.decode(ids));
        }
    }

    @Test
    void missingTokenizerIsNamed(@TempDir Path dir) {
        DecoderLoadException e = assertThrows(DecoderLoadException.class, () -> HfTokenText.load(dir));
        assertTrue(e.getMessage().contains("tokenizer.json"));
    }
}
