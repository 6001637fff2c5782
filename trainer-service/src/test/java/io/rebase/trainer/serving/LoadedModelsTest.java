package io.rebase.trainer.serving;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** At most max-models and max-bytes of served models, the least recently used closed first and reloaded on use. */
class LoadedModelsTest {

    /** A model that knows its folder and whether it was closed. */
    static final class Model implements AutoCloseable {
        final String path;
        boolean closed;

        Model(Path path) {
            this.path = path.toString();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final List<Model> made = new ArrayList<>();

    private String use(LoadedModels models, String task, String folder, long bytes) {
        return models.use(task, Path.of(folder), p -> {
            Model m = new Model(p);
            made.add(m);
            return m;
        }, p -> bytes, m -> {
            assertThat(m.closed).as("a closed model is never used").isFalse();
            return m.path;
        });
    }

    @Test
    void theLeastRecentlyUsedIsClosedBeyondTheCountAndReloadedOnItsNextUse() {
        LoadedModels models = new LoadedModels(2, Long.MAX_VALUE);
        use(models, "a", "/m/a", 1);
        use(models, "b", "/m/b", 1);
        use(models, "a", "/m/a", 1);
        use(models, "c", "/m/c", 1);
        assertThat(models.loaded("b")).isFalse();
        assertThat(made.get(1).closed).isTrue();
        assertThat(models.loaded("a")).isTrue();
        assertThat(models.loads()).isEqualTo(3);

        assertThat(use(models, "b", "/m/b", 1)).isEqualTo("/m/b");
        assertThat(models.loads()).isEqualTo(4);
        assertThat(models.loaded("a")).isFalse();
    }

    @Test
    void theByteBoundDropsOldModelsButKeepsOneThatAloneIsLarger() {
        LoadedModels models = new LoadedModels(10, 100);
        use(models, "a", "/m/a", 40);
        use(models, "b", "/m/b", 40);
        use(models, "c", "/m/c", 40);
        assertThat(models.loaded("a")).isFalse();
        assertThat(models.bytes()).isEqualTo(80);
        use(models, "huge", "/m/huge", 500);
        assertThat(models.loaded("huge")).isTrue();
        assertThat(models.loaded("b")).isFalse();
        assertThat(models.loaded("c")).isFalse();
        assertThat(models.bytes()).isEqualTo(500);
    }

    @Test
    void aNewFolderOfATaskReplacesItsModelAndDropCloses() {
        LoadedModels models = new LoadedModels(4, Long.MAX_VALUE);
        use(models, "a", "/m/a/best-4", 10);
        assertThat(use(models, "a", "/m/a/best-8", 10)).isEqualTo("/m/a/best-8");
        assertThat(made.get(0).closed).isTrue();
        assertThat(models.bytes()).isEqualTo(10);
        models.drop("a");
        assertThat(made.get(1).closed).isTrue();
        assertThat(models.loaded("a")).isFalse();
        assertThat(models.bytes()).isZero();
    }
}
