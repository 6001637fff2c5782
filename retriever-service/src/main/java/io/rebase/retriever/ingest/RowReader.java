package io.rebase.retriever.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.contracts.Json;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams the records of a data file (jsonl, json array, csv, tsv) as flat rows of strings. A malformed record
 * is reported with its line and the reading goes on; only a file broken beyond resynchronisation (an unclosed
 * JSON array, an unterminated CSV quote) stops early, reported the same way.
 */
public final class RowReader {

    /** Receives each record in file order. */
    public interface Sink {
        /**
         * @param ordinal 0-based record number (malformed records count too, so row indexes stay stable)
         * @param line    1-based line where the record starts
         * @param row     the cells, or null when the record is malformed
         * @param error   why it is malformed, or null
         * @return false to stop reading
         */
        boolean accept(long ordinal, long line, Map<String, String> row, String error);
    }

    private RowReader() {
    }

    public static void read(Path file, Sink sink) throws IOException {
        switch (DatasetCard.extension(file)) {
            case "jsonl" -> readJsonl(file, sink);
            case "json" -> readJsonArray(file, sink);
            case "csv" -> readDelimited(file, CSVFormat.RFC4180, sink);
            case "tsv" -> readDelimited(file, CSVFormat.TDF, sink);
            default -> throw new IOException(file.getFileName() + ": unsupported format, expected one of " + DatasetCard.FORMATS);
        }
    }

    private static void readJsonl(Path file, Sink sink) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long ordinal = 0;
            long line = 0;
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                Map<String, String> row = null;
                String error = null;
                try {
                    JsonNode node = Json.mapper().readTree(text);
                    if (node == null || !node.isObject()) {
                        error = "expected a JSON object";
                    } else {
                        row = flatten(node);
                    }
                } catch (IOException e) {
                    error = "malformed JSON: " + firstLine(e.getMessage());
                }
                if (!sink.accept(ordinal++, line, row, error)) {
                    return;
                }
            }
        }
    }

    private static void readJsonArray(Path file, Sink sink) throws IOException {
        try (JsonParser parser = Json.mapper().getFactory().createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                sink.accept(0, parser.currentLocation().getLineNr(), null, "expected a JSON array of objects");
                return;
            }
            long ordinal = 0;
            while (true) {
                JsonToken token;
                long line = parser.currentLocation().getLineNr();
                try {
                    token = parser.nextToken();
                } catch (IOException e) {
                    sink.accept(ordinal, line, null, "malformed JSON, the rest of the file is unreadable: " + firstLine(e.getMessage()));
                    return;
                }
                if (token == null) {
                    sink.accept(ordinal, line, null, "unexpected end of file: the JSON array is not closed");
                    return;
                }
                if (token == JsonToken.END_ARRAY) {
                    return;
                }
                JsonLocation start = parser.currentTokenLocation();
                JsonNode node;
                try {
                    node = parser.readValueAsTree();
                } catch (IOException e) {
                    sink.accept(ordinal, start.getLineNr(), null, "malformed JSON, the rest of the file is unreadable: " + firstLine(e.getMessage()));
                    return;
                }
                boolean more = node != null && node.isObject()
                        ? sink.accept(ordinal, start.getLineNr(), flatten(node), null)
                        : sink.accept(ordinal, start.getLineNr(), null, "expected a JSON object");
                ordinal++;
                if (!more) {
                    return;
                }
            }
        }
    }

    private static void readDelimited(Path file, CSVFormat format, Sink sink) throws IOException {
        CSVFormat withHeader = format.builder().setHeader().setSkipHeaderRecord(true).setAllowMissingColumnNames(true).get();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(withHeader).get()) {
            List<String> header = parser.getHeaderNames();
            Iterator<CSVRecord> records = parser.iterator();
            long ordinal = 0;
            while (true) {
                long line = parser.getCurrentLineNumber() + 1;
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        return;
                    }
                    record = records.next();
                } catch (RuntimeException e) {
                    sink.accept(ordinal, line, null, "malformed record, the rest of the file is unreadable: " + firstLine(e.getMessage()));
                    return;
                }
                boolean more;
                if (record.size() != header.size()) {
                    more = sink.accept(ordinal, line, null, "expected " + header.size() + " fields, found " + record.size());
                } else {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 0; i < header.size(); i++) {
                        row.put(header.get(i), record.get(i));
                    }
                    more = sink.accept(ordinal, line, row, null);
                }
                ordinal++;
                if (!more) {
                    return;
                }
            }
        }
    }

    private static Map<String, String> flatten(JsonNode node) {
        Map<String, String> row = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v == null || v.isNull()) {
                return;
            }
            row.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
        });
        return row;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
