import io.rebase.retriever.embedding.Embedder;
import io.rebase.retriever.embedding.EmbedderFactory;
import io.rebase.retriever.ingest.CellText;
import io.rebase.retriever.ingest.ConfigCard;
import io.rebase.retriever.ingest.DatasetCard;
import io.rebase.retriever.ingest.RowReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The raw embedding rate of an in-process model (texts/s): the yardstick the ingest rate (cells/s, from
 * {@code POST /datasets?wait=true}) is compared with. It embeds a sample of the datastore's cells with the ingest's
 * cell rules (skipped columns, cut to 1,000 characters) in batches of 256, after one warm-up batch. The sample is spread
 * evenly over every config (every n-th row up to the row cap, then every m-th cell), so that its length mix is the
 * ingest's: the first rows of one dataset would measure that dataset's text lengths only.
 * usage: EmbeddingRate <datastore-root> <max-rows-per-config (0 = all)> <sample> [model] [threads]
 */
public class EmbeddingRate {

    private static final int BATCH = 256;
    private static final CellText CELLS = new CellText(List.of("split", "id", "uid", "idx", "index", "answer_start", "guid"), 1000);

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int cap = Integer.parseInt(args[1]);
        int sample = Integer.parseInt(args[2]);
        String model = args.length > 3 ? args[3] : "all-minilm-l6-v2-q";
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : Runtime.getRuntime().availableProcessors();
        List<Map<String, String>> rows = rows(root, cap);
        List<String> texts = spread(rows, sample);
        Embedder embedder = EmbedderFactory.inProcess(model, threads);
        embedder.embed(texts.subList(0, Math.min(texts.size(), 64)));
        long start = System.nanoTime();
        for (int i = 0; i < texts.size(); i += BATCH) {
            embedder.embed(texts.subList(i, Math.min(texts.size(), i + BATCH)));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("{\"model\": \"%s\", \"threads\": %d, \"rows\": %d, \"texts\": %d, \"seconds\": %.2f, \"textsPerSecond\": %.1f}%n",
                embedder.name(), threads, rows.size(), texts.size(), seconds, texts.size() / seconds);
        System.exit(0);
    }

    /** The rows the ingest would read: every config of every dataset folder, up to {@code cap} rows each. */
    private static List<Map<String, String>> rows(Path root, int cap) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                for (ConfigCard c : DatasetCard.read(folder).configs()) {
                    List<Map<String, String>> mine = new ArrayList<>();
                    RowReader.read(folder.resolve(c.file()), (ordinal, line, row, error) -> {
                        if (row != null) {
                            mine.add(row);
                        }
                        return cap == 0 || mine.size() < cap;
                    });
                    rows.addAll(mine);
                }
            }
        }
        return rows;
    }

    /** Up to {@code sample} embeddable cell texts, cut like the ingest's, spread evenly over {@code rows}. */
    private static List<String> spread(List<Map<String, String>> rows, int sample) {
        int stride = Math.max(1, rows.size() / Math.max(1, sample));
        List<String> all = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += stride) {
            CELLS.embeddable(rows.get(i)).values().forEach(t -> all.add(CELLS.cut(t)));
        }
        List<String> texts = new ArrayList<>();
        double step = Math.max(1.0, all.size() / (double) sample);
        for (double i = 0; i < all.size() && texts.size() < sample; i += step) {
            texts.add(all.get((int) i));
        }
        return texts;
    }
}
