package io.rebase.retriever.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one confinement check of the ingest on a real file system: {@code *} refuses a dataset folder that is a link
 * leading out, like the one-folder path does, and a link that stays inside is followed.
 */
class DatastoreRootTest {

    @TempDir
    Path dir;

    @Test
    void allFoldersRefusesAFolderLinkLeadingOutAndNamesIt() throws Exception {
        Path root = Files.createDirectories(dir.resolve("datastore"));
        Files.createDirectories(root.resolve("good"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("default.jsonl"), "{\"text\":\"secret\"}\n");
        Files.createSymbolicLink(root.resolve("evil"), outside);
        DatastoreRoot datastore = new DatastoreRoot(root);

        assertThatThrownBy(() -> datastore.resolve("*")).isInstanceOf(PathOutsideDatastoreException.class)
                .hasMessageContaining("evil").hasMessageContaining("outside the datastore root");
        assertThatThrownBy(() -> datastore.resolve("evil")).isInstanceOf(PathOutsideDatastoreException.class);
    }

    @Test
    void aFolderLinkInsideTheRootIsFollowedAndHiddenFoldersAndFilesAreLeftOut() throws Exception {
        Path root = Files.createDirectories(dir.resolve("datastore"));
        Path real = Files.createDirectories(root.resolve("real"));
        Files.createDirectories(root.resolve(".hidden"));
        Files.writeString(root.resolve("notes.txt"), "x");
        Files.createSymbolicLink(root.resolve("alias"), real);

        List<Path> all = new DatastoreRoot(root).resolve("*");
        assertThat(all).containsExactly(real.toRealPath(), real.toRealPath());
        assertThat(new DatastoreRoot(root).resolve("alias")).containsExactly(real.toRealPath());
    }

    @Test
    void confineRefusesAFileLinkLeadingOutOfItsBase() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("datastore/ds"));
        Path secret = Files.writeString(dir.resolve("secret.jsonl"), "{}");
        Path link = Files.createSymbolicLink(folder.resolve("default.jsonl"), secret);
        Path inside = Files.writeString(folder.resolve("other.jsonl"), "{}");

        assertThatThrownBy(() -> DatastoreRoot.confine(folder, link, "default.jsonl"))
                .isInstanceOf(PathOutsideDatastoreException.class).hasMessageContaining("default.jsonl");
        assertThat(DatastoreRoot.confine(folder, inside, "other.jsonl")).isEqualTo(inside.toRealPath());
    }
}
