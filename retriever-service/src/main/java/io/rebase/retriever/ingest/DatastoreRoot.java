package io.rebase.retriever.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The folder datasets are ingested from. Every path a user names is resolved inside it, never outside. */
public class DatastoreRoot {

    private final Path root;

    public DatastoreRoot(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path path() {
        return root;
    }

    /**
     * The dataset folders {@code path} names: one folder relative to the root, or all of them for {@code *}.
     *
     * @throws PathOutsideDatastoreException when the path (or a link in it) leads outside the root
     * @throws NoSuchFileException           when it names no folder
     */
    public List<Path> resolve(String path) throws NoSuchFileException {
        String p = path == null ? "" : path.trim();
        if (p.equals("*")) {
            try (Stream<Path> children = Files.list(realRoot())) {
                return children.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("."))
                        .sorted().toList();
            } catch (NoSuchFileException e) {
                return List.of();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (p.isEmpty() || p.indexOf('\0') >= 0) {
            throw new PathOutsideDatastoreException(p);
        }
        Path candidate;
        try {
            candidate = root.resolve(p).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new PathOutsideDatastoreException(p);
        }
        if (Path.of(p).isAbsolute() || !candidate.startsWith(root) || candidate.equals(root)) {
            throw new PathOutsideDatastoreException(p);
        }
        if (!Files.isDirectory(candidate)) {
            throw new NoSuchFileException("no dataset folder '" + p + "' under the datastore root");
        }
        try {
            // A symbolic link inside the root may still point outside it.
            if (!candidate.toRealPath().startsWith(realRoot())) {
                throw new PathOutsideDatastoreException(p);
            }
            return List.of(candidate.toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path realRoot() throws IOException {
        return root.toRealPath();
    }
}
