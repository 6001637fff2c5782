package io.rebase.commons.limits;

import io.rebase.contracts.RequestCaps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the configured {@link RequestCaps} injectable where tasks are admitted. */
@ApplicationScoped
public class RequestCapsProducer {

    @Produces
    @Singleton
    RequestCaps caps(RequestCapsConfig config) {
        return new RequestCaps(config.maxTopRows(), config.maxEpochs(), config.maxBatchTokens());
    }
}
