package io.rebase.retriever.embedding;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Only old, empty ONNX Runtime temp folders go; a starting process's folder and anything else stay. */
class OnnxTempDirsTest {

    @Test
    void removesOnlyOldEmptyOnnxFolders(@TempDir Path tmp) throws Exception {
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        Path stale = folder(tmp, "onnxruntime-java123", now.minus(Duration.ofHours(2)));
        Path starting = folder(tmp, "onnxruntime-java456", now.minus(Duration.ofSeconds(5)));
        Path inUse = folder(tmp, "onnxruntime-java789", now.minus(Duration.ofHours(2)));
        Files.writeString(inUse.resolve("libonnxruntime.so"), "x");
        Files.setLastModifiedTime(inUse, FileTime.from(now.minus(Duration.ofHours(2))));
        Path other = folder(tmp, "something-else", now.minus(Duration.ofHours(2)));

        assertThat(OnnxTempDirs.sweep(tmp, Duration.ofMinutes(10), now)).isEqualTo(1);

        assertThat(stale).doesNotExist();
        assertThat(starting).exists();
        assertThat(inUse).exists();
        assertThat(other).exists();
    }

    private static Path folder(Path tmp, String name, Instant modified) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve(name));
        Files.setLastModifiedTime(dir, FileTime.from(modified));
        return dir;
    }
}
