package io.rebase.retriever.embedding;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/**
 * Removes the empty {@code onnxruntime-java*} folders that earlier processes left in the temp folder. ONNX Runtime
 * (1.20) extracts its native libraries into a fresh temp folder on every start, deletes the files once loaded and
 * leaves the folder itself to {@code deleteOnExit}, which a killed process never runs: every service or test JVM
 * stopped by a signal left one behind (180 after a day's work here). Only folders that are empty and older than
 * {@code minAge} are removed, so a process that is starting right now (its folder briefly holds the libraries) is
 * never touched.
 */
public final class OnnxTempDirs {

    private static final Logger LOG = Logger.getLogger(OnnxTempDirs.class);
    private static final String PREFIX = "onnxruntime-java";

    private OnnxTempDirs() {
    }

    /** Sweeps {@code java.io.tmpdir}, leaving folders younger than ten minutes; never throws. */
    public static int sweepDefault() {
        return sweep(Path.of(System.getProperty("java.io.tmpdir")), Duration.ofMinutes(10), Instant.now());
    }

    /** Removes the empty {@code onnxruntime-java*} folders of {@code tmp} last modified before {@code now - minAge}. */
    static int sweep(Path tmp, Duration minAge, Instant now) {
        int removed = 0;
        FileTime cutoff = FileTime.from(now.minus(minAge));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path dir : dirs) {
                try {
                    if (Files.isDirectory(dir) && Files.getLastModifiedTime(dir).compareTo(cutoff) < 0 && isEmpty(dir)) {
                        Files.delete(dir);
                        removed++;
                    }
                } catch (IOException e) {
                    // another user's folder, or removed meanwhile by another process: not ours to insist on
                    LOG.debugf("left %s: %s", dir, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.debugf("could not list %s: %s", tmp, e.getMessage());
        }
        if (removed > 0) {
            LOG.infof("removed %d empty %s* folders left in %s by earlier processes", removed, PREFIX, tmp);
        }
        return removed;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }
}
