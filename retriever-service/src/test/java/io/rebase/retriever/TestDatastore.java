package io.rebase.retriever;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The datastore the service tests ingest ({@code target/test-datastore}): copies of a few bundled sample
 * datasets plus hand-written fixtures in every format, some with malformed records.
 */
public final class TestDatastore {

    public static final Path ROOT = Path.of("target/test-datastore");
    private static boolean prepared;

    private TestDatastore() {
    }

    public static synchronized void prepare() {
        if (prepared) {
            return;
        }
        try {
            if (Files.exists(ROOT)) {
                try (Stream<Path> files = Files.walk(ROOT)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            for (String dataset : new String[]{"esnli", "sst2", "covid_qa", "commitmentbank", "rt_polarity"}) {
                Path from = Path.of("../samples/datastore", dataset);
                Path to = Files.createDirectories(ROOT.resolve(dataset));
                try (Stream<Path> files = Files.list(from)) {
                    for (Path f : files.toList()) {
                        Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            write("fx_csv/default.csv", """
                    question,answer,id
                    "What is the capital of France?","Paris",q1
                    "Who wrote ""Hamlet""?","William Shakespeare",q2
                    "A, B or C?","C",q3
                    broken row with too many,fields,here,and,more
                    "How many legs does a spider have?","eight",q5
                    """);
            write("fx_csv/dataset.json", """
                    {"name": "fx_csv", "description": "Trivia questions with short answers.", "task_type": "open-domain QA",
                     "configs": [{"name": "default", "file": "default.csv", "description": "question and answer"}]}
                    """);
            write("fx_tsv/train.tsv", "text\tlabel\nI loved this film\tpositive\nA dull, tedious mess\tnegative\n"
                    + "only one field here\nWonderful acting throughout\tpositive\n");
            write("fx_json/default.json", """
                    [
                      {"premise": "A man plays a guitar on stage.", "hypothesis": "A person makes music.", "label": "entailment"},
                      {"premise": "Two dogs run in a field.", "hypothesis": "The dogs are asleep.", "label": "contradiction"},
                      "not an object",
                      {"premise": "A woman reads a book.", "hypothesis": "She reads a novel by Tolstoy.", "label": "neutral", "score": 3}
                    ]
                    """);
            write("fx_json/dataset.json", """
                    {"name": "fx_json", "description": "Sentence pairs labelled for entailment.", "task_type": "natural language inference",
                     "configs": [{"name": "default", "file": "default.json", "labels": ["entailment", "neutral", "contradiction"]}]}
                    """);
            StringBuilder jsonl = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                if (i == 7) {
                    jsonl.append("{\"sentence\": \"broken line\n");
                    continue;
                }
                jsonl.append("{\"sentence\": \"Resume fixture sentence number ").append(i)
                        .append(" about the weather in town ").append(i * 7).append("\", \"label\": \"")
                        .append(i % 2 == 0 ? "even" : "odd").append("\", \"split\": \"train\"}\n");
            }
            write("fx_jsonl/default.jsonl", jsonl.toString());
            write("fx_broken_card/dataset.json", "{ this is not json");
            Path outside = Files.createDirectories(Path.of("target/outside-datastore"));
            Files.writeString(outside.resolve("secret.jsonl"), "{\"text\": \"secret\"}\n");
            prepared = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(String relative, String content) throws IOException {
        Path file = ROOT.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
