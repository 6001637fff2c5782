package io.rebase.commons.security;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The access rule of every service: which token may call which method on which path. */
class AccessPolicyTest {

    static final AccessPolicy BOTH = new AccessPolicy(Optional.of("admin-secret"), Optional.of("read-secret"));

    @Test
    void withoutTokensEverythingIsOpen() {
        AccessPolicy off = new AccessPolicy(Optional.empty(), Optional.of("  "));
        assertThat(off.enabled()).isFalse();
        assertThat(off.decide("DELETE", "/tasks/a", null).allowed()).isTrue();
    }

    @Test
    void readsNeedATokenToo() {
        for (String path : new String[]{"/tasks", "/tasks/t1/model", "/tasks/t1/examples", "/datasets",
                "/datasets/embedding-rate", "/q/openapi", "/q/swagger-ui/", "/q/healthcheck", "/q/metrics/extra"}) {
            AccessPolicy.Decision d = BOTH.decide("GET", path, null);
            assertThat(d.allowed()).as(path).isFalse();
            assertThat(d.status()).isEqualTo(401);
            assertThat(d.message()).contains("bearer token").contains(path);
            assertThat(BOTH.decide("GET", path, "Bearer wrong").allowed()).as(path).isFalse();
        }
    }

    @Test
    void healthAndMetricsStayOpen() {
        for (String path : new String[]{"/q/health", "/q/health/ready", "/q/health/live", "/q/metrics"}) {
            assertThat(BOTH.decide("GET", path, null).allowed()).as(path).isTrue();
        }
    }

    @Test
    void theReadTokenReadsButCannotMutate() {
        assertThat(BOTH.decide("GET", "/tasks", "Bearer read-secret").allowed()).isTrue();
        assertThat(BOTH.decide("HEAD", "/tasks/t1/model", "bearer read-secret").allowed()).isTrue();
        for (String method : new String[]{"POST", "PUT", "PATCH", "DELETE"}) {
            AccessPolicy.Decision d = BOTH.decide(method, "/tasks", "Bearer read-secret");
            assertThat(d.allowed()).as(method).isFalse();
            assertThat(d.status()).isEqualTo(403);
            assertThat(d.message()).contains("read-only");
        }
    }

    @Test
    void theAdminTokenDoesEverything() {
        for (String method : new String[]{"GET", "POST", "PUT", "PATCH", "DELETE"}) {
            assertThat(BOTH.decide(method, "/tasks/t1", "Bearer  admin-secret ").allowed()).as(method).isTrue();
        }
        assertThat(BOTH.decide("POST", "/tasks", "Bearer wrong").status()).isEqualTo(401);
        assertThat(BOTH.decide("POST", "/tasks", "Basic admin-secret").status()).isEqualTo(401);
        assertThat(BOTH.decide("POST", "/tasks", "Bearer admin-secretX").status()).isEqualTo(401);
    }

    @Test
    void aReadTokenAloneLeavesNoWayToMutate() {
        AccessPolicy readOnly = new AccessPolicy(Optional.empty(), Optional.of("read-secret"));
        assertThat(readOnly.decide("GET", "/tasks", "Bearer read-secret").allowed()).isTrue();
        assertThat(readOnly.decide("GET", "/tasks", null).allowed()).isFalse();
        assertThat(readOnly.decide("POST", "/tasks", "Bearer read-secret").allowed()).isFalse();
        assertThat(readOnly.decide("POST", "/tasks", null).allowed()).isFalse();
    }
}
