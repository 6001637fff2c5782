package io.rebase.transformer.service;

import io.rebase.contracts.TaskRequest;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * A cheap parse check of a generation target that is code: brackets {@code ()[]{}} balanced and properly nested
 * outside string literals, every string literal ({@code '...'}, {@code "..."}, triple-quoted) closed. No Python
 * parser is at hand in the JVM; this catches the truncated and garbled snippets an LLM or a scrape leaves behind
 * without rejecting valid one-liners. A task is a code task when its instruction says so (code, Python, snippet,
 * program, function).
 */
public final class CodeShape {

    private static final Pattern CODE_TASK = Pattern.compile("\\b(code|python|snippet|program|function)\\b",
            Pattern.CASE_INSENSITIVE);

    private CodeShape() {}

    /** Whether {@code task} asks for code. */
    public static boolean codeTask(TaskRequest task) {
        return task.instruction() != null && CODE_TASK.matcher(task.instruction()).find();
    }

    /** Why {@code code} cannot be Python, or null when its brackets and strings are well formed. */
    public static String problem(String code) {
        Deque<Character> open = new ArrayDeque<>();
        int i = 0;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '#') {
                int eol = code.indexOf('\n', i);
                i = eol < 0 ? code.length() : eol + 1;
            } else if (c == '\'' || c == '"') {
                int end = stringEnd(code, i);
                if (end < 0) {
                    return "unclosed string literal at character " + i;
                }
                i = end;
            } else {
                if (c == '(' || c == '[' || c == '{') {
                    open.push(c);
                } else if (c == ')' || c == ']' || c == '}') {
                    char expected = c == ')' ? '(' : c == ']' ? '[' : '{';
                    if (open.isEmpty() || open.pop() != expected) {
                        return "unbalanced '" + c + "' at character " + i;
                    }
                }
                i++;
            }
        }
        return open.isEmpty() ? null : "unclosed '" + open.peek() + "'";
    }

    /** The index after the string literal opening at {@code start}, or -1 when it is not closed. */
    private static int stringEnd(String code, int start) {
        char q = code.charAt(start);
        String triple = String.valueOf(q).repeat(3);
        boolean isTriple = code.startsWith(triple, start);
        String close = isTriple ? triple : String.valueOf(q);
        int i = start + close.length();
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (code.startsWith(close, i)) {
                return i + close.length();
            } else if (c == '\n' && !isTriple) {
                return -1;
            } else {
                i++;
            }
        }
        return -1;
    }
}
