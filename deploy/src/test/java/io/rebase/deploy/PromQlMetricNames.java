package io.rebase.deploy;

import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names a PromQL expression selects. A small lexer, not a full parser: it skips strings, label
 * matchers ({@code {...}}, except {@code __name__="x"}), range and subquery brackets, numbers and durations,
 * Grafana variables ({@code $x}, {@code ${x}}, {@code $__rate_interval}), function and aggregation calls, keywords, and
 * the label lists of {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left}, {@code group_right}.
 * Every other identifier is a metric name.
 */
final class PromQlMetricNames {

    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "atan2");

    private PromQlMetricNames() {
    }

    static Set<String> of(String expr) {
        Set<String> names = new TreeSet<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
            } else if (c == '#') {
                while (i < n && expr.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '{') {
                int end = matching(expr, i, '{', '}');
                nameMatcher(expr.substring(i + 1, end), names);
                i = end + 1;
            } else if (c == '[') {
                i = matching(expr, i, '[', ']') + 1;
            } else if (c == '$') {
                i++;
                if (i < n && expr.charAt(i) == '{') {
                    i = matching(expr, i, '{', '}') + 1;
                } else {
                    while (i < n && isIdentPart(expr.charAt(i))) {
                        i++;
                    }
                }
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.' || expr.charAt(i) == '_')) {
                    i++;
                }
            } else if (isIdentStart(c)) {
                int start = i;
                while (i < n && isIdentPart(expr.charAt(i))) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = skipSpace(expr, i);
                boolean call = next < n && expr.charAt(next) == '(';
                if (GROUPING.contains(word.toLowerCase())) {
                    if (call) {
                        i = matching(expr, next, '(', ')') + 1;
                    }
                } else if (AGGREGATIONS.contains(word.toLowerCase()) && startsGrouping(expr, next)) {
                    // "sum by (x) (...)": the aggregation, not a metric
                } else if (!call && !KEYWORDS.contains(word.toLowerCase())) {
                    names.add(word);
                }
            } else {
                i++;
            }
        }
        return names;
    }

    /** A selector given only by {@code {__name__="metric"}}. */
    private static void nameMatcher(String matchers, Set<String> names) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("__name__\\s*=\\s*\"([a-zA-Z_:][a-zA-Z0-9_:]*)\"").matcher(matchers);
        while (m.find()) {
            names.add(m.group(1));
        }
    }

    private static int skipString(String s, int i) {
        char quote = s.charAt(i);
        i++;
        while (i < s.length() && s.charAt(i) != quote) {
            if (s.charAt(i) == '\\' && quote != '`') {
                i++;
            }
            i++;
        }
        return i + 1;
    }

    private static int matching(String s, int open, char o, char c) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\'' || ch == '`') {
                i = skipString(s, i) - 1;
            } else if (ch == o) {
                depth++;
            } else if (ch == c && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced '" + o + "' at " + open + " in: " + s);
    }

    private static boolean startsGrouping(String s, int i) {
        String rest = s.substring(i).toLowerCase();
        return rest.matches("(?s)^(by|without)\\s*\\(.*");
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }
}
