package io.rebase.commons.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call what, from two optional secrets: an admin token (every method) and a read-only token (GET, HEAD,
 * OPTIONS). With neither configured every request passes (a local stack); with either configured every path
 * needs a token except health and metrics ({@code /q/health*}, {@code /q/metrics}), which probes and Prometheus
 * read without credentials. Framework-free so that the rule is tested directly.
 */
public final class AccessPolicy {

    /** The answer for one request: allowed, or refused with an HTTP status and a message for the caller. */
    public record Decision(boolean allowed, int status, String message) {
        static final Decision ALLOW = new Decision(true, 200, null);

        static Decision unauthorised(String message) {
            return new Decision(false, 401, message);
        }

        static Decision forbidden(String message) {
            return new Decision(false, 403, message);
        }
    }

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final byte[] NONE = new byte[0];

    private final byte[] admin;
    private final byte[] read;

    public AccessPolicy(Optional<String> adminToken, Optional<String> readToken) {
        this.admin = bytes(adminToken);
        this.read = bytes(readToken);
    }

    /** Whether any token is configured (else every request passes). */
    public boolean enabled() {
        return admin.length > 0 || read.length > 0;
    }

    /** The decision for {@code method} on {@code path} with the request's Authorization header (may be null). */
    public Decision decide(String method, String path, String authorization) {
        if (!enabled() || open(path)) {
            return Decision.ALLOW;
        }
        byte[] presented = presented(authorization);
        // both comparisons always run and each is constant-time: neither the token nor which one matched leaks
        // through the response time
        boolean isAdmin = admin.length > 0 & MessageDigest.isEqual(presented, admin);
        boolean isReader = read.length > 0 & MessageDigest.isEqual(presented, read);
        boolean reading = READS.contains(method.toUpperCase(Locale.ROOT));
        if (isAdmin || (isReader && reading)) {
            return Decision.ALLOW;
        }
        if (isReader) {
            return Decision.forbidden("the read-only token cannot " + method + " " + path + ": use the admin token");
        }
        return Decision.unauthorised("a valid bearer token is required for " + method + " " + path);
    }

    /** Health and metrics stay open for probes and Prometheus. */
    static boolean open(String path) {
        if (path == null) {
            return false;
        }
        return path.equals("/q/health") || path.startsWith("/q/health/")
                || path.equals("/q/metrics") || path.equals("/q/metrics/");
    }

    private static byte[] presented(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return NONE;
        }
        return authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Optional<String> token) {
        return token.map(String::trim).filter(t -> !t.isEmpty()).map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(NONE);
    }
}
