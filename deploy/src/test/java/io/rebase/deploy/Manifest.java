package io.rebase.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One Kubernetes object (one YAML document) and where it came from.
 *
 * @param source the file, or the overlay it was rendered from
 * @param node   the parsed document
 */
record Manifest(String source, JsonNode node) {

    static final ObjectMapper YAML = new YAMLMapper();

    String kind() {
        return node.path("kind").asText();
    }

    String name() {
        return node.path("metadata").path("name").asText();
    }

    String apiVersion() {
        return node.path("apiVersion").asText();
    }

    JsonNode spec() {
        return node.path("spec");
    }

    boolean is(String kind, String name) {
        return kind().equals(kind) && name().equals(name);
    }

    @Override
    public String toString() {
        return kind() + "/" + name() + " (" + source + ")";
    }

    /** Every non-empty YAML document of {@code yaml}. */
    static List<Manifest> parse(String source, String yaml) {
        List<Manifest> out = new ArrayList<>();
        try (JsonParser parser = new YAMLFactory().createParser(yaml);
             MappingIterator<JsonNode> docs = YAML.readValues(parser, JsonNode.class)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && !(doc.isObject() && doc.isEmpty())) {
                    out.add(new Manifest(source, doc));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + source + ": " + e.getMessage(), e);
        }
        return out;
    }

    static List<Manifest> parse(Path file) {
        try {
            return parse(RepoPaths.root().relativize(file).toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
