package io.rebase.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The schemas of the Kubernetes kinds the manifests use (Kubernetes' OpenAPI definitions) and of the operators'
 * custom resources (the CRDs' openAPIV3Schema of each supported release), made strict: an object field that a schema
 * does not declare is an error, as it is for a server-side apply with field validation. Loaded from a folder laid
 * out as {@code <source>-<release>/} (kubernetes-1.35.0/definitions.json, strimzi-1.2.0/kafka.json, ...): a JSON per
 * kind ({@code group}, {@code version}, {@code kind}, {@code schema}) or CustomResourceDefinition YAML files (each served
 * version). A folder may hold only some sources: the API groups of the others are then not checked ({@link #covers}),
 * while an apiVersion that one release of a present source does not serve is an error.
 */
final class KubernetesSchemas {

    static final String DIR_PROPERTY = "rebase.k8s.schemas";
    /** Where deploy/schemas/strimzi-crds.sh writes the Strimzi CRDs it generates from Maven Central. */
    static final Path GENERATED = RepoPaths.deploy().resolve("target/k8s-schemas");
    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    /** Core kinds by apiVersion/kind: their definition in Kubernetes' OpenAPI. */
    private static final Map<String, String> CORE = Map.ofEntries(
            Map.entry("v1/ConfigMap", "io.k8s.api.core.v1.ConfigMap"),
            Map.entry("v1/Secret", "io.k8s.api.core.v1.Secret"),
            Map.entry("v1/Service", "io.k8s.api.core.v1.Service"),
            Map.entry("v1/PersistentVolumeClaim", "io.k8s.api.core.v1.PersistentVolumeClaim"),
            Map.entry("v1/Namespace", "io.k8s.api.core.v1.Namespace"),
            Map.entry("v1/ServiceAccount", "io.k8s.api.core.v1.ServiceAccount"),
            Map.entry("apps/v1/Deployment", "io.k8s.api.apps.v1.Deployment"),
            Map.entry("apps/v1/StatefulSet", "io.k8s.api.apps.v1.StatefulSet"),
            Map.entry("batch/v1/Job", "io.k8s.api.batch.v1.Job"),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", "io.k8s.api.networking.v1.NetworkPolicy"),
            Map.entry("policy/v1/PodDisruptionBudget", "io.k8s.api.policy.v1.PodDisruptionBudget"));

    private final Path dir;
    private final ObjectNode definitions;
    /** apiVersion/kind to the schemas an object must satisfy (one per supported release of its operator). */
    private final Map<String, List<Named>> schemas = new LinkedHashMap<>();
    /** API group ("" for core) to the release folders that define some kind of it. */
    private final Map<String, Set<String>> releases = new TreeMap<>();

    record Named(String source, String release, JsonSchema schema) {
    }

    private KubernetesSchemas(Path dir) {
        this.dir = dir;
        Path core = kubernetesDefinitions(dir);
        this.definitions = core == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) read(core).path("definitions");
        definitions.fields().forEachRemaining(d -> d.setValue(strictIfObject(d.getValue())));
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
        if (core != null) {
            // resource quantities are strings or numbers ("500m", 2, 0.5) in YAML
            ObjectNode quantity = definitions.putObject(QUANTITY);
            quantity.putArray("anyOf").addObject().put("type", "string");
            ((ArrayNode) quantity.path("anyOf")).addObject().put("type", "number");
            String release = core.getParent().getFileName().toString();
            CORE.forEach((gvk, definition) -> add(gvk, new Named("kubernetes " + definition, release, factory.getSchema(core(definition)))));
        }
        for (Path file : crdFiles(dir)) {
            String release = file.getParent().getFileName().toString();
            String source = dir.relativize(file).toString();
            if (file.toString().endsWith(".json")) {
                JsonNode crd = read(file);
                String gvk = crd.path("group").asText() + "/" + crd.path("version").asText() + "/" + crd.path("kind").asText();
                add(gvk, new Named(source, release, factory.getSchema(custom((ObjectNode) crd.path("schema").deepCopy()))));
                continue;
            }
            for (JsonNode crd : readYaml(file)) {
                if (!crd.path("kind").asText().equals("CustomResourceDefinition")) {
                    continue;
                }
                String group = crd.path("spec").path("group").asText();
                String kind = crd.path("spec").path("names").path("kind").asText();
                for (JsonNode version : crd.path("spec").path("versions")) {
                    if (version.path("served").asBoolean()) {
                        ObjectNode schema = (ObjectNode) version.path("schema").path("openAPIV3Schema").deepCopy();
                        add(group + "/" + version.path("name").asText() + "/" + kind,
                                new Named(source + " " + version.path("name").asText(), release, factory.getSchema(custom(schema))));
                    }
                }
            }
        }
    }

    private void add(String gvk, Named schema) {
        schemas.computeIfAbsent(gvk, k -> new ArrayList<>()).add(schema);
        releases.computeIfAbsent(group(gvk.substring(0, gvk.lastIndexOf('/'))), k -> new TreeSet<>()).add(schema.release());
    }

    /** The API group of an apiVersion: "apps" of "apps/v1", "" of "v1". */
    private static String group(String apiVersion) {
        return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }

    /** Whether schemas of the object's API group were loaded: objects of other groups are not checked. */
    boolean covers(JsonNode object) {
        return releases.containsKey(group(object.path("apiVersion").asText()));
    }

    /** API group ("" for core) to the release folders that define it. */
    Map<String, Set<String>> releases() {
        return releases;
    }

    /**
     * The folder of the schemas: system property {@value #DIR_PROPERTY}; else deploy/src/test/resources/schemas when
     * the repository holds them; else {@code k8s-schemas} in the shared folder beside the repository; else what
     * deploy/schemas/strimzi-crds.sh generates (deploy/target/k8s-schemas).
     */
    static Path dir() {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured != null) {
            return Path.of(configured);
        }
        Path inRepository = RepoPaths.deploy().resolve("src/test/resources/schemas");
        if (Files.isDirectory(inRepository)) {
            return inRepository;
        }
        Path shared = RepoPaths.root().resolve("../shared/k8s-schemas").normalize();
        return Files.isDirectory(shared) ? shared : GENERATED;
    }

    static KubernetesSchemas load(Path dir) {
        return new KubernetesSchemas(dir);
    }

    /** apiVersion/kind pairs that have a schema. */
    Set<String> kinds() {
        return schemas.keySet();
    }

    /** Where each apiVersion/kind's schemas come from. */
    Map<String, List<String>> sources() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        schemas.forEach((k, v) -> out.put(k, v.stream().map(Named::source).toList()));
        return out;
    }

    /** The problems of {@code object} against every schema of its kind; one if its kind has none. */
    List<String> problems(JsonNode object) {
        String gvk = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        List<Named> candidates = schemas.getOrDefault(gvk, List.of());
        List<String> out = new ArrayList<>();
        // every release of the object's group must serve its apiVersion and kind
        Set<String> missing = new TreeSet<>(releases.getOrDefault(group(object.path("apiVersion").asText()), Set.of("(none)")));
        candidates.forEach(c -> missing.remove(c.release()));
        for (String release : missing) {
            out.add("no schema for apiVersion " + object.path("apiVersion").asText() + " kind " + object.path("kind").asText()
                    + " in " + release + " (schemas: " + schemas.keySet() + ")");
        }
        for (Named named : candidates) {
            for (ValidationMessage m : named.schema().validate(object)) {
                out.add(named.source() + ": " + m.getMessage());
            }
        }
        return out;
    }

    /** A core kind: its definition, with every definition it references. */
    private ObjectNode core(String definition) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.putArray("allOf").addObject().put("$ref", "#/definitions/" + definition);
        schema.set("definitions", definitions);
        return schema;
    }

    /** A custom resource: its CRD schema, strict, with metadata checked as Kubernetes' ObjectMeta (when loaded). */
    private ObjectNode custom(ObjectNode schema) {
        ObjectNode out = strict(schema);
        ObjectNode metadata = ((ObjectNode) out.path("properties")).putObject("metadata");
        if (definitions.has(OBJECT_META)) {
            metadata.put("$ref", "#/definitions/" + OBJECT_META);
        } else {
            metadata.put("type", "object");
        }
        out.set("definitions", definitions);
        return out;
    }

    /**
     * The schema made strict and understood by a JSON-schema validator: undeclared fields are refused (except where
     * Kubernetes keeps unknown fields), Kubernetes' int-or-string and quantity types accept both forms.
     */
    static ObjectNode strict(ObjectNode schema) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean() || "int-or-string".equals(schema.path("format").asText())) {
            return intOrString();
        }
        schema.fields().forEachRemaining(e -> {
            switch (e.getKey()) {
                case "properties", "definitions", "patternProperties" -> e.getValue().fields()
                        .forEachRemaining(p -> p.setValue(strictIfObject(p.getValue())));
                case "items", "additionalProperties", "not" -> e.setValue(strictIfObject(e.getValue()));
                case "allOf", "anyOf", "oneOf" -> {
                    ArrayNode list = (ArrayNode) e.getValue();
                    for (int i = 0; i < list.size(); i++) {
                        list.set(i, strictIfObject(list.get(i)));
                    }
                }
                default -> {
                }
            }
        });
        if (schema.has("properties") && !schema.has("additionalProperties")
                && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            schema.put("additionalProperties", false);
        }
        return schema;
    }

    private static JsonNode strictIfObject(JsonNode node) {
        return node instanceof ObjectNode o ? strict(o) : node;
    }

    private static ObjectNode intOrString() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode any = out.putArray("anyOf");
        any.addObject().put("type", "integer");
        any.addObject().put("type", "string");
        return out;
    }

    /** kubernetes-&lt;version&gt;/definitions.json, or null when the folder has none. */
    private static Path kubernetesDefinitions(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("kubernetes-")).map(p -> p.resolve("definitions.json"))
                    .filter(Files::isRegularFile).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> crdFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir, 2)) {
            return files.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".yaml"))
                    .filter(p -> !p.getParent().getFileName().toString().startsWith("kubernetes-"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> readYaml(Path file) {
        try (var docs = Manifest.YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            return docs.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + file + ": " + e.getMessage(), e);
        }
    }
}
