package io.rebase.kafka;

import org.junit.jupiter.api.Tag;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The JUnit tags by which a service module's surefire passes split its tests, and the build step that writes
 * each pass's class list.
 *
 * <p>A native library (ONNX Runtime, PyTorch, the tokenizers) loads into one class loader per JVM, and each
 * Quarkus application has a class loader of its own. So plain tests share one JVM (the system class loader),
 * the Quarkus tests of the default test profile share a second one, where a single application serves them
 * all, and a test with its own profile or class-restricted resources (its own application) gets a JVM to
 * itself.
 *
 * <p>The tags pick each pass's tests, also under {@code -Dtest}. The class lists keep the other passes' Quarkus
 * tests out of a JVM altogether: Quarkus builds an application for every {@code @QuarkusTest} class that JUnit
 * loads, before tags filter anything, which cost about 5 s per profile and pass. An untagged Quarkus test
 * fails the build here, by name, rather than later in the plain tests' JVM on its native library.
 */
public final class QuarkusTestGroups {

    /** Quarkus tests of the default test profile: one application serves them all. */
    public static final String SHARED_APP = "shared-app";

    /** Quarkus tests with a profile or class-restricted resources of their own: a JVM each. */
    public static final String OWN_APP = "own-app";

    /** The list of every Quarkus test, which the plain tests' pass excludes. */
    public static final String QUARKUS = "quarkus";

    private static final String UNTAGGED = "untagged";
    private static final String QUARKUS_TEST = "io.quarkus.test.junit.QuarkusTest";

    private QuarkusTestGroups() {
    }

    /**
     * Writes {@code shared-app.txt}, {@code own-app.txt} and {@code quarkus.txt} (surefire pattern files) for the
     * compiled tests in {@code args[0]} into the folder {@code args[1]}; run with the module's test class path.
     */
    public static void main(String[] args) throws IOException {
        Path testClasses = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        Map<String, List<String>> groups = groups(testClasses, Thread.currentThread().getContextClassLoader());
        if (groups.containsKey(UNTAGGED)) {
            throw new IllegalStateException("@QuarkusTest classes without @Tag(QuarkusTestGroups.SHARED_APP) or "
                    + "@Tag(QuarkusTestGroups.OWN_APP), which decides the JVM they run in: " + groups.get(UNTAGGED));
        }
        List<String> shared = surefireTests(groups.getOrDefault(SHARED_APP, List.of()));
        List<String> own = surefireTests(groups.getOrDefault(OWN_APP, List.of()));
        write(out.resolve(SHARED_APP + ".txt"), shared);
        write(out.resolve(OWN_APP + ".txt"), own);
        write(out.resolve(QUARKUS + ".txt"), Stream.concat(shared.stream(), own.stream()).toList());
    }

    /** The {@code @QuarkusTest} classes under {@code testClasses} by tag ("untagged" for those with neither). */
    private static Map<String, List<String>> groups(Path testClasses, ClassLoader loader) throws IOException {
        Map<String, List<String>> groups = new TreeMap<>();
        if (!Files.isDirectory(testClasses)) {
            return groups;
        }
        List<String> names;
        try (Stream<Path> files = Files.walk(testClasses)) {
            names = files.map(file -> testClasses.relativize(file).toString())
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .sorted()
                    .toList();
        }
        for (String name : names) {
            Class<?> type = load(name, loader);
            if (isQuarkusTest(type)) {
                groups.computeIfAbsent(groupOf(type), g -> new ArrayList<>()).add(name);
            }
        }
        return groups;
    }

    /** The classes that surefire's default includes name, so a list runs no benchmark that only {@code -Dtest} runs. */
    private static List<String> surefireTests(List<String> classNames) {
        return classNames.stream()
                .filter(name -> name.substring(name.lastIndexOf('.') + 1).matches("Test.*|.*Test|.*Tests|.*TestCase"))
                .toList();
    }

    private static boolean isQuarkusTest(Class<?> type) {
        return Arrays.stream(type.getAnnotations())
                .map(Annotation::annotationType)
                .anyMatch(annotation -> annotation.getName().equals(QUARKUS_TEST));
    }

    private static String groupOf(Class<?> type) {
        Set<String> tags = Arrays.stream(type.getAnnotationsByType(Tag.class)).map(Tag::value).collect(Collectors.toSet());
        // a subclass with a profile of its own inherits its parent's shared-app tag too: own-app wins, as in the poms
        return tags.contains(OWN_APP) ? OWN_APP : tags.contains(SHARED_APP) ? SHARED_APP : UNTAGGED;
    }

    private static void write(Path file, List<String> classNames) throws IOException {
        Files.write(file, classNames.stream().map(name -> name.replace('.', '/') + ".java").toList());
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            // not initialised: reading annotations must not start what a test's static fields start
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("compiled test class " + name + " cannot be loaded", e);
        }
    }
}
