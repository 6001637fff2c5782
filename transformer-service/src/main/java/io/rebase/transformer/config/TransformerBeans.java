package io.rebase.transformer.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.rebase.contracts.TaskType;
import io.rebase.transformer.llm.LlmClient;
import io.rebase.transformer.llm.LlmSettings;
import io.rebase.transformer.llm.LlmTransformer;
import io.rebase.transformer.mapping.MappingSettings;
import io.rebase.transformer.mapping.MappingTransformer;
import io.rebase.transformer.mapping.TextEmbedder;
import io.rebase.transformer.service.CancelledTasks;
import io.rebase.transformer.service.CandidateRowProcessor;
import io.rebase.transformer.service.OutcomePublisher;
import io.rebase.transformer.service.ProgressReporter;
import io.rebase.transformer.service.TransformStats;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Wires the framework-free core ({@link CandidateRowProcessor} and friends) from the configuration. */
@ApplicationScoped
public class TransformerBeans {

    private static final Logger LOG = Logger.getLogger(TransformerBeans.class);

    @Produces
    @Singleton
    TransformStats stats(MeterRegistry registry) {
        return new TransformStats(registry, replicaName());
    }

    @Produces
    @Singleton
    CancelledTasks cancelledTasks() {
        return new CancelledTasks();
    }

    @Produces
    @Singleton
    CandidateRowProcessor processor(TransformerConfig config, OutcomePublisher publisher, TransformStats stats,
                                    MeterRegistry registry, CancelledTasks cancelled) {
        MappingTransformer mapping = new MappingTransformer(new TextEmbedder(), new MappingSettings(
                config.mapping().fieldSimilarity(), config.mapping().labelSimilarity(), config.mapping().labelMargin(),
                config.mapping().qaContextChars()));
        LlmTransformer llm = null;
        if (llmEnabled(config)) {
            LlmSettings settings = llmSettings(config);
            llm = new LlmTransformer(new LlmClient(settings, registry));
            LOG.infof("LLM endpoint %s, default model %s", config.llm().baseUrl(), config.llm().model());
            if (!settings.callable(settings.model())) {
                LOG.warnf("the default model %s has no price in rebase.transformer.prices: its tasks fail with "
                        + "llm-model-not-priced until one is set (or rebase.transformer.llm.allow-unpriced-models=true)",
                        settings.model());
            }
        } else {
            LOG.info("no LLM endpoint configured (QUARKUS_LANGCHAIN4J_OPENAI_API_KEY or _BASE_URL, or rebase.transformer.llm.*): "
                    + "auto mode maps rows offline");
        }
        return new CandidateRowProcessor(mapping, llm, config.mode(), publisher, stats, registry, config.publishTimeout(),
                cancelled);
    }

    @Produces
    @Singleton
    ProgressReporter progress(TransformStats stats, OutcomePublisher publisher) {
        return new ProgressReporter(stats, publisher);
    }

    void start(@Observes StartupEvent e, ProgressReporter progress, TransformerConfig config) {
        progress.start(config.progressInterval());
    }

    void stop(@Observes ShutdownEvent e, ProgressReporter progress) {
        progress.close();
    }

    /** On when forced, or when a key is set, or when the base URL points anywhere but OpenAI (a keyless local server). */
    static boolean llmEnabled(TransformerConfig config) {
        return config.llm().enabled().orElseGet(() -> config.llm().apiKey().filter(k -> !k.isBlank()).isPresent()
                || !config.llm().baseUrl().replaceAll("/+$", "").equals(OPENAI_URL));
    }

    static final String OPENAI_URL = "https://api.openai.com/v1";

    /** The LLM settings of {@code config}. */
    public static LlmSettings llmSettings(TransformerConfig config) {
        TransformerConfig.Llm l = config.llm();
        Map<TaskType, Integer> byType = new EnumMap<>(TaskType.class);
        l.maxFieldCharsByType().forEach((type, chars) -> TaskType.parse(type).ifPresent(t -> byType.put(t, chars)));
        Map<String, LlmSettings.Price> prices = new HashMap<>();
        config.prices().forEach((model, p) -> prices.put(model, new LlmSettings.Price(p.input(), p.output())));
        return new LlmSettings(l.baseUrl(), l.apiKey().orElse(""), l.model(), l.temperature(), l.maxOutputTokens(),
                l.requestTimeout(), l.maxAttempts(), l.baseDelay(), l.maxDelay(), l.maxRetryAfter(), l.invalidJsonRetries(),
                l.requestsPerMinute(), l.tokensPerMinute(), l.maxFieldChars(), byType, prices,
                new LlmSettings.Guards(l.allowUnpricedModels(), l.taskMaxTokens(), l.taskMaxCostUsd(),
                        l.maxPromptExamples(), l.maxExampleChars()));
    }

    private static String replicaName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "replica";
            }
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
