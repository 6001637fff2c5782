package io.rebase.retriever.config;

import io.quarkus.runtime.StartupEvent;
import io.rebase.retriever.retrieval.Retrieval;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Warms the retrieval path in the background when the service starts ({@link Retrieval#warmUp}), so that the
 * first task after a start or a rollout does not pay for the cold index and the profile sampling. The service is
 * ready meanwhile: a task arriving during the warm-up is served, only slower.
 */
@ApplicationScoped
public class RetrievalWarmup {

    private static final Logger LOG = Logger.getLogger(RetrievalWarmup.class);

    private final Retrieval retrieval;
    private final RetrieverConfig config;

    public RetrievalWarmup(Retrieval retrieval, RetrieverConfig config) {
        this.retrieval = retrieval;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        int searches = config.retrieval().warmUpSearches();
        if (searches <= 0) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                Retrieval.WarmUp w = retrieval.warmUp(searches);
                if (w.configsProfiled() > 0) {
                    LOG.infof("retrieval warmed up in %d ms: %d config profiles, %d searches, %d rows read",
                            w.millis(), w.configsProfiled(), w.searches(), w.rowsFetched());
                }
            } catch (RuntimeException e) {
                LOG.warnf("retrieval warm-up failed (the first task will be slower): %s", e.getMessage());
            }
        }, "retrieval-warm-up");
        thread.setDaemon(true);
        thread.start();
    }
}
