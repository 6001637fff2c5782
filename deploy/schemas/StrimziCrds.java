import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * Generates the CRDs of one Strimzi release as that release generated its install files: the CrdGenerator arguments
 * of its io.strimzi:api POM (bundled in the api jar, executions writing packaging/install/cluster-operator/04x-Crd-*.yaml),
 * restricted to the kinds ReBase uses, run on that release's API model.
 * Usage (Java 21+, single-file launch): java StrimziCrds.java CLASSPATH OUT_DIR
 * CLASSPATH holds io.strimzi:api of the release, io.strimzi:crd-generator and their dependencies (strimzi-crds.sh).
 */
public class StrimziCrds {

    private static final Set<String> KINDS = Set.of("io.strimzi.api.kafka.model.kafka.Kafka",
            "io.strimzi.api.kafka.model.nodepool.KafkaNodePool", "io.strimzi.api.kafka.model.topic.KafkaTopic",
            "io.strimzi.api.kafka.model.user.KafkaUser");
    private static final String GENERATOR = "io.strimzi.crdgenerator.CrdGenerator";
    private static final String SEP = "${file.separator}";

    public static void main(String[] args) throws Exception {
        String classpath = args[0];
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        int generated = 0;
        for (Element execution : executions(apiPom(classpath))) {
            List<String> arguments = new ArrayList<>();
            NodeList nodes = execution.getElementsByTagName("argument");
            for (int i = 0; i < nodes.getLength(); i++) {
                arguments.add(nodes.item(i).getTextContent().trim());
            }
            int start = arguments.indexOf(GENERATOR);
            if (start < 0) {
                continue;
            }
            List<String> options = new ArrayList<>();
            List<String> targets = new ArrayList<>();
            for (String a : arguments.subList(start + 1, arguments.size())) {
                int eq = a.indexOf('=');
                if (eq < 0 || a.startsWith("--")) {
                    options.add(a);
                } else if (KINDS.contains(a.substring(0, eq))
                        && a.contains("packaging" + SEP + "install" + SEP + "cluster-operator" + SEP)) {
                    targets.add(a.substring(0, eq) + "=" + out.resolve(a.substring(a.lastIndexOf(SEP) + SEP.length())));
                }
            }
            if (targets.isEmpty()) {
                continue;
            }
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath, GENERATOR));
            command.addAll(options);
            command.addAll(targets);
            Process p = new ProcessBuilder(command).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("CrdGenerator failed: " + command.subList(3, command.size()));
            }
            generated += targets.size();
        }
        if (generated != KINDS.size()) {
            throw new IllegalStateException("generated " + generated + " CRDs, expected one per kind of " + KINDS);
        }
        System.out.println("generated " + generated + " Strimzi CRDs in " + out);
    }

    /** The POM of io.strimzi:api, from the api jar on the classpath. */
    private static Document apiPom(String classpath) throws Exception {
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().matches("api-[0-9][^/]*\\.jar")) {
                try (JarFile jar = new JarFile(entry);
                     InputStream in = jar.getInputStream(jar.getEntry("META-INF/maven/io.strimzi/api/pom.xml"))) {
                    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
                }
            }
        }
        throw new IllegalStateException("no io.strimzi:api jar on the classpath");
    }

    private static List<Element> executions(Document pom) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = pom.getElementsByTagName("execution");
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }
}
