package io.rebase.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Configuration keys declared in Java sources: {@code @ConfigMapping} interfaces (with nested groups, {@code @WithName},
 * {@code @WithParentName}, Optional/List/Map members), {@code @ConfigProperty(name = ...)} and
 * {@code getValue("...")}/{@code getOptionalValue("...")} lookups. Read from the text, so the deploy tests need no
 * service on their classpath. Map members give keys ending in {@code .*}.
 */
final class ConfigKeys {

    private static final Pattern MAPPING = Pattern.compile(
            "@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"[^)]*\\)[^{;]*?interface\\s+(\\w+)[^{]*\\{");
    private static final Pattern NESTED = Pattern.compile("\\binterface\\s+(\\w+)[^{;]*\\{");
    private static final Pattern METHOD = Pattern.compile(
            "((?:@\\w+(?:\\s*\\([^)]*\\))?\\s*)*)([\\w.]+(?:\\s*<[\\w\\s<>,.?\\[\\]]*>)?(?:\\[\\])?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\s*\\(\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\s*\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern GET_VALUE = Pattern.compile("get(?:Optional)?Value\\s*\\(\\s*\"([^\"]+)\"");

    private ConfigKeys() {
    }

    /** Every key declared in one Java source file. */
    static List<String> of(String source) {
        String code = stripComments(source);
        List<String> keys = new ArrayList<>();
        Matcher m = MAPPING.matcher(code);
        while (m.find()) {
            String body = body(code, m.end() - 1);
            Map<String, String> nested = nestedInterfaces(code);
            collect(m.group(1), body, nested, keys, 0);
        }
        Matcher p = CONFIG_PROPERTY.matcher(code);
        while (p.find()) {
            keys.add(p.group(1));
        }
        Matcher g = GET_VALUE.matcher(code);
        while (g.find()) {
            keys.add(g.group(1));
        }
        return keys;
    }

    private static void collect(String prefix, String body, Map<String, String> nested, List<String> keys, int depth) {
        if (depth > 8) {
            return;
        }
        String top = topLevel(body);
        Matcher m = METHOD.matcher(top);
        while (m.find()) {
            if (top.substring(Math.max(0, m.start(2) - 12), m.start(2)).matches("(?s).*\\b(default|static|private)\\s+$")) {
                continue; // a method with a body, not a configuration member
            }
            String annotations = m.group(1);
            String type = m.group(2).replaceAll("\\s+", "");
            String method = m.group(3);
            Matcher named = WITH_NAME.matcher(annotations);
            String name = named.find() ? named.group(1) : kebab(method);
            String path = annotations.contains("@WithParentName") ? prefix : prefix + "." + name;
            String element = type;
            boolean map = false;
            Matcher generic = Pattern.compile("^(?:java\\.util\\.)?(Optional|List|Set|Map)<(.*)>$").matcher(type);
            if (generic.matches()) {
                String args = generic.group(2);
                if (generic.group(1).equals("Map")) {
                    map = true;
                    element = args.substring(args.indexOf(',') + 1);
                } else {
                    element = args;
                }
            }
            String simple = element.substring(element.lastIndexOf('.') + 1);
            if (map) {
                path = path + ".*";
            }
            if (nested.containsKey(simple)) {
                collect(path, nested.get(simple), nested, keys, depth + 1);
            } else {
                keys.add(path);
            }
        }
    }

    /** Nested interfaces of the file by simple name, with their bodies. */
    private static Map<String, String> nestedInterfaces(String code) {
        Map<String, String> out = new HashMap<>();
        Matcher m = NESTED.matcher(code);
        while (m.find()) {
            out.put(m.group(1), body(code, m.end() - 1));
        }
        return out;
    }

    /** The text between the brace at {@code open} and its match. */
    private static String body(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return code.substring(open + 1, i);
            }
        }
        return code.substring(open + 1);
    }

    /** {@code body} without the contents of nested blocks (nested interfaces, default method bodies). */
    private static String topLevel(String body) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (char c : body.toCharArray()) {
            if (c == '{') {
                depth++;
                if (depth == 1) {
                    out.append(';');
                }
            } else if (c == '}') {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String stripComments(String code) {
        return code.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)//.*$", "");
    }

    /** {@code maxRowsPerConfig} -> {@code max-rows-per-config}, as SmallRye Config names mapping members. */
    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("([A-Z])([A-Z][a-z])", "$1-$2").toLowerCase();
    }

    /** The environment variable name Quarkus maps onto {@code key}: {@code rebase.trainer.data-dir} -> {@code REBASE_TRAINER_DATA_DIR}. */
    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }
}
