package io.rebase.trainer.serving;

import io.rebase.trainer.config.TrainerSettings;
import io.rebase.trainer.expiry.TaskStateExpiry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The served models held in memory, one per task, encoder and decoder students alike: at most
 * {@code serving.max-models} of them and about {@code serving.max-bytes}, the least recently used closed first. A
 * model is loaded on its first prediction and again after it was dropped, or when the task serves another folder.
 * They count towards the trainer's memory beside the open training sessions ({@code max-open-sessions}).
 *
 * <p>A model is not thread-safe: calls on it are serialised, and it is closed only between calls.
 */
@Singleton
public class LoadedModels {

    /** A loaded model and what it is estimated to hold. */
    private static final class Entry {
        final String path;
        final AutoCloseable model;
        final long bytes;
        boolean closed;

        Entry(String path, AutoCloseable model, long bytes) {
            this.path = path;
            this.model = model;
            this.bytes = bytes;
        }

        void close() {
            synchronized (this) {
                if (!closed) {
                    closed = true;
                    try {
                        model.close();
                    } catch (Exception e) {
                        // a model that fails to close has released what it could; nothing else depends on it
                    }
                }
            }
        }
    }

    private final int maxModels;
    private final long maxBytes;
    /** In access order: the first is the least recently used. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private long loads;

    @Inject
    public LoadedModels(TrainerSettings settings, TaskStateExpiry expiry) {
        this(settings.serving().maxModels(), settings.serving().maxBytes().asLongValue());
        expiry.onExpiry(this::drop);
    }

    public LoadedModels(int maxModels, long maxBytes) {
        this.maxModels = Math.max(1, maxModels);
        this.maxBytes = Math.max(0, maxBytes);
    }

    /**
     * Runs {@code call} on the model of {@code taskId} loaded from {@code path}, loading it first where it is not in
     * memory (or memory holds another folder of the task).
     *
     * @param load  loads the model of a folder
     * @param bytes the estimated memory of the model of a folder
     */
    @SuppressWarnings("unchecked")
    public <M extends AutoCloseable, R> R use(String taskId, Path path, Function<Path, M> load,
                                              Function<Path, Long> bytes, Function<M, R> call) {
        while (true) {
            Entry e = lookup(taskId, path);
            if (e == null) {
                M model = load.apply(path);
                e = insert(taskId, new Entry(path.toString(), model, bytes.apply(path)));
            }
            synchronized (e) {
                if (!e.closed) {
                    return call.apply((M) e.model);
                }
            }
            // dropped between the lookup and the call: load it again
        }
    }

    /** Drops the model of a task, if loaded. */
    public void drop(String taskId) {
        Entry e;
        synchronized (this) {
            e = entries.remove(taskId);
            if (e != null) {
                bytes -= e.bytes;
            }
        }
        if (e != null) {
            e.close();
        }
    }

    /** Whether the model of {@code taskId} is loaded. */
    public synchronized boolean loaded(String taskId) {
        return entries.containsKey(taskId);
    }

    /** Models loaded since start (a reload counts again). */
    public synchronized long loads() {
        return loads;
    }

    /** Estimated bytes held. */
    public synchronized long bytes() {
        return bytes;
    }

    private synchronized Entry lookup(String taskId, Path path) {
        Entry e = entries.get(taskId);
        return e != null && e.path.equals(path.toString()) ? e : null;
    }

    /** Adds a loaded model (unless another thread loaded the same folder meanwhile) and drops what exceeds the bounds. */
    private Entry insert(String taskId, Entry fresh) {
        List<Entry> closing = new ArrayList<>();
        Entry kept;
        synchronized (this) {
            Entry current = entries.get(taskId);
            if (current != null && current.path.equals(fresh.path)) {
                closing.add(fresh);
                kept = current;
            } else {
                if (current != null) {
                    entries.remove(taskId);
                    bytes -= current.bytes;
                    closing.add(current);
                }
                entries.put(taskId, fresh);
                bytes += fresh.bytes;
                loads++;
                kept = fresh;
                Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
                while (entries.size() > 1 && (entries.size() > maxModels || bytes > maxBytes) && oldest.hasNext()) {
                    Map.Entry<String, Entry> victim = oldest.next();
                    if (victim.getValue() == fresh) {
                        continue;
                    }
                    oldest.remove();
                    bytes -= victim.getValue().bytes;
                    closing.add(victim.getValue());
                }
            }
        }
        // outside the lock: closing waits for a call in progress on that model
        closing.forEach(Entry::close);
        return kept;
    }

    /** The size of a folder's weight files ({@code *.safetensors}, {@code *.bin}): about what loading it takes. */
    public static long weightBytes(Path folder) {
        try (var files = java.nio.file.Files.list(folder)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return (name.endsWith(".safetensors") || name.endsWith(".bin")) && !name.startsWith("optimizer");
            }).mapToLong(f -> {
                try {
                    return java.nio.file.Files.size(f);
                } catch (java.io.IOException e) {
                    return 0;
                }
            }).sum();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @PreDestroy
    void closeAll() {
        List<Entry> all;
        synchronized (this) {
            all = new ArrayList<>(entries.values());
            entries.clear();
            bytes = 0;
        }
        all.forEach(Entry::close);
    }
}
