package io.rebase.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Secrets prod expects to find in the cluster: the {@code require SECRET KEY...} lines of
 * deploy/k8s/overlays/prod/check-secrets.sh, the script users run before applying.
 */
final class RequiredSecrets {

    private static final Pattern REQUIRE = Pattern.compile("(?m)^require[ \\t]+(\\S+)((?:[ \\t]+\\S+)+)[ \\t]*$");

    private RequiredSecrets() {
    }

    static Path script() {
        return RepoPaths.k8s().resolve("overlays/prod/check-secrets.sh");
    }

    /** Secret name to its keys, as the script requires them. */
    static Map<String, Set<String>> all() {
        try {
            Matcher m = REQUIRE.matcher(Files.readString(script()));
            Map<String, Set<String>> out = new TreeMap<>();
            while (m.find()) {
                out.put(m.group(1), new LinkedHashSet<>(List.of(m.group(2).trim().split("\\s+"))));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
