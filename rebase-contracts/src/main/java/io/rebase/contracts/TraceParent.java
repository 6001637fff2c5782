package io.rebase.contracts;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * W3C trace-context {@code traceparent} values ({@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}), for
 * the clients that produce records without OpenTelemetry: the CLI starts a task's trace with {@link #newRoot()} on
 * the task request, so that everything the three services do for that task shares its trace id.
 */
public final class TraceParent {

    private static final Pattern VALID = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);
    private static final SecureRandom RANDOM = new SecureRandom();

    private TraceParent() {
    }

    /** A new trace: random trace and parent ids, sampled (the services' parent-based sampler then records it). */
    public static String newRoot() {
        return "00-" + randomHex(16, ZERO_TRACE) + "-" + randomHex(8, ZERO_SPAN) + "-01";
    }

    /** The trace id of a {@code traceparent} value, empty when the value is not a valid version-00 one. */
    public static Optional<String> traceId(String traceparent) {
        if (traceparent == null) {
            return Optional.empty();
        }
        var m = VALID.matcher(traceparent.trim());
        if (!m.matches() || m.group(1).equals(ZERO_TRACE) || m.group(2).equals(ZERO_SPAN)) {
            return Optional.empty();
        }
        return Optional.of(m.group(1));
    }

    /** The parent span id of a {@code traceparent} value, empty when the value is not a valid version-00 one. */
    public static Optional<String> spanId(String traceparent) {
        return traceId(traceparent).map(t -> traceparent.trim().substring(36, 52));
    }

    private static String randomHex(int bytes, String invalid) {
        byte[] b = new byte[bytes];
        String hex;
        do {
            RANDOM.nextBytes(b);
            hex = HexFormat.of().formatHex(b);
        } while (hex.equals(invalid));
        return hex;
    }
}
