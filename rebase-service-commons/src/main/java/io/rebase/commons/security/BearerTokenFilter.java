package io.rebase.commons.security;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Optional bearer-token check on mutating endpoints (POST, PUT, PATCH, DELETE) of every service.
 * Off unless {@code rebase.auth.token} is set (the Kubernetes overlays set it from a Secret); reads stay open
 * so that probes, metrics and dashboards need no credentials.
 */
public class BearerTokenFilter {

    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private final Optional<String> token;

    public BearerTokenFilter(@ConfigProperty(name = "rebase.auth.token") Optional<String> token) {
        this.token = token.filter(t -> !t.isBlank());
    }

    @ServerRequestFilter
    public Optional<Response> check(ContainerRequestContext request) {
        if (token.isEmpty() || !MUTATING.contains(request.getMethod())) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String presented = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : "";
        // constant-time comparison: the token must not leak through response timing
        if (MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token.get().getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(Response.status(Response.Status.UNAUTHORIZED)
                .type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(Map.of("error", "a valid bearer token is required for " + request.getMethod() + " requests"))
                .build());
    }
}
