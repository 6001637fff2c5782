package io.rebase.retriever.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder datasets are ingested from. Every path a user names is resolved inside it, never outside, and every
 * file system entry the ingest opens (a dataset folder, also each one {@code *} finds; its card, README and data files)
 * passes one check, {@link #confine}: its real path, every symbolic link followed, stays inside its base.
 */
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
            return all();
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
            return List.of(confine(root, candidate, p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every dataset folder directly under the root (hidden ones left out), by real path. A folder that is a link
     * leading outside the root refuses the whole request, naming it: nothing is read from it, nor from the others.
     */
    private List<Path> all() {
        Path real;
        try {
            real = realRoot();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Stream<Path> children = Files.list(real)) {
            List<Path> folders = new ArrayList<>();
            for (Path child : children.filter(c -> !c.getFileName().toString().startsWith(".")).sorted().toList()) {
                if (Files.isDirectory(child)) {
                    folders.add(confine(real, child, "*: " + child.getFileName()));
                }
            }
            return folders;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The real path of {@code candidate} (every symbolic link in it followed), which must lie inside the real path of
     * {@code base}: the one confinement check of every file system entry point of the ingest.
     *
     * @param shown how the refusal names the path
     * @throws PathOutsideDatastoreException when it leads outside {@code base}
     * @throws IOException                   when it cannot be resolved (e.g. it does not exist)
     */
    public static Path confine(Path base, Path candidate, String shown) throws IOException {
        Path real = candidate.toRealPath();
        if (!real.startsWith(base.toRealPath())) {
            throw new PathOutsideDatastoreException(shown);
        }
        return real;
    }

    private Path realRoot() throws IOException {
        return root.toRealPath();
    }
}
