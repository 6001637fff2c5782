package io.rebase.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.contracts.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * A small JSON-over-HTTP client for the services' REST APIs, with errors a user can act on. Every request carries
 * a bearer token when one is given: the admin token, or for reads (GET) the read-only token when no admin token is.
 */
public final class ServiceClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;
    private final String readToken;

    /** A client that sends {@code token} (may be null) on every request. */
    public ServiceClient(String baseUrl, String token) {
        this(baseUrl, token, null);
    }

    /** A client that sends {@code token} on every request, or {@code readToken} on reads when no token is given. */
    public ServiceClient(String baseUrl, String token, String readToken) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = blankToNull(token);
        this.readToken = blankToNull(readToken);
    }

    /** GET {@code path} as JSON. */
    public JsonNode get(String path) {
        return send(request(path, true).GET().build());
    }

    /** POST {@code body} (serialised as JSON) to {@code path}. */
    public JsonNode post(String path, Object body) {
        return send(request(path, false).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build());
    }

    /** DELETE {@code path}; its JSON answer (an error status throws, naming it). */
    public JsonNode delete(String path) {
        return send(request(path, false).DELETE().build());
    }

    /**
     * GET {@code path} into {@code target}, replacing it whole: the body goes to a temporary file beside it that is
     * moved over it once complete, so an error answer or a broken transfer leaves an earlier file as it was (the JDK's
     * plain file handler would write over it in place and keep the tail of a longer one).
     */
    public void download(String path, Path target) {
        Path folder = target.toAbsolutePath().getParent();
        Path part;
        try {
            Files.createDirectories(folder);
            part = Files.createTempFile(folder, target.getFileName().toString(), ".part");
        } catch (IOException e) {
            throw new ServiceException("cannot write " + target + ": " + e.getMessage());
        }
        try {
            HttpResponse<Path> response = http.send(request(path, true).GET().build(), HttpResponse.BodyHandlers.ofFile(part));
            if (response.statusCode() >= 400) {
                throw new ServiceException(baseUrl + path + " answered HTTP " + response.statusCode()
                        + authHint(response.statusCode()));
            }
            try {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException("interrupted");
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // a leftover .part file beside the target is harmless
            }
        }
    }

    /** Whether {@code /q/health/ready} answers UP. */
    public boolean ready() {
        try {
            HttpResponse<String> r = http.send(request("/q/health/ready", true).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpRequest.Builder request(String path, boolean read) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofMinutes(5));
        String bearer = token != null ? token : read ? readToken : null;
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return b;
    }

    private static String authHint(int status) {
        if (status == 401) {
            return " (set --token or REBASE_AUTH_TOKEN; for reads --read-token or REBASE_AUTH_READ_TOKEN also works)";
        }
        return status == 403 ? " (the read-only token cannot change anything: set --token or REBASE_AUTH_TOKEN)" : "";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body() == null || response.body().isBlank()
                    ? Json.mapper().nullNode() : parseOrText(response.body());
            if (response.statusCode() >= 400) {
                String error = body.hasNonNull("error") ? body.get("error").asText() : body.toString();
                throw new ServiceException(request.method() + " " + request.uri() + " failed with HTTP "
                        + response.statusCode() + ": " + error + authHint(response.statusCode()));
            }
            return body;
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException("interrupted");
        }
    }

    private static JsonNode parseOrText(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            return Json.mapper().getNodeFactory().textNode(body);
        }
    }

    private ServiceException unreachable(IOException e) {
        return new ServiceException("cannot reach " + baseUrl + " (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "): is the service running?");
    }

    /** A failed call, with a message for the user. */
    public static final class ServiceException extends RuntimeException {
        public ServiceException(String message) {
            super(message);
        }
    }
}
