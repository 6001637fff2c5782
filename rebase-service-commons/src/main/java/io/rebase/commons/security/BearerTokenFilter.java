package io.rebase.commons.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.rebase.contracts.Json;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.Optional;

/**
 * Bearer-token check on every HTTP route of a service (REST resources, OpenAPI, Swagger UI), by the rule of
 * {@link AccessPolicy}: {@code rebase.auth.token} (admin: every method) and {@code rebase.auth.read-token}
 * (GET/HEAD/OPTIONS only). Off unless one of them is set; health and metrics stay open. Registered as a Vert.x
 * route filter, so it runs before any body is read and also covers routes that are not JAX-RS resources.
 */
@ApplicationScoped
public class BearerTokenFilter {

    /** Before the application's routes, after Quarkus' own CORS filter. */
    private static final int PRIORITY = 500;

    private final AccessPolicy policy;

    public BearerTokenFilter(@ConfigProperty(name = "rebase.auth.token") Optional<String> token,
                             @ConfigProperty(name = "rebase.auth.read-token") Optional<String> readToken) {
        this.policy = new AccessPolicy(token, readToken);
    }

    void register(@Observes Filters filters) {
        if (policy.enabled()) {
            filters.register(this::check, PRIORITY);
        }
    }

    private void check(RoutingContext rc) {
        AccessPolicy.Decision decision = policy.decide(rc.request().method().name(), rc.normalizedPath(),
                rc.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (decision.allowed()) {
            rc.next();
            return;
        }
        var response = rc.response().setStatusCode(decision.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (decision.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        response.end(Json.write(Map.of("error", decision.message())));
    }
}
