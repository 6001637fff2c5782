package io.rebase.retriever.embedding;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import io.rebase.retriever.config.RetrieverConfig;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Builds the configured {@link Embedder}; usable without CDI (benchmarks). */
public final class EmbedderFactory {

    /** The model names {@link #create} accepts. */
    public static final String MODELS = "all-minilm-l6-v2, all-minilm-l6-v2-q, bge-small-en-v15, bge-small-en-v15-q, openai";

    private EmbedderFactory() {
    }

    public static Embedder create(RetrieverConfig.Embedding config) {
        int threads = config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
        String model = config.model().trim().toLowerCase();
        if (model.equals("openai")) {
            EmbeddingModel openai = OpenAiEmbeddingModel.builder()
                    .baseUrl(config.openaiBaseUrl())
                    // Local OpenAI-compatible servers (vLLM, Ollama) accept any key.
                    .apiKey(config.openaiApiKey().orElse("none"))
                    .modelName(config.openaiModel())
                    .timeout(Duration.ofSeconds(60))
                    .maxRetries(3)
                    .build();
            return new LangchainEmbedder("openai:" + config.openaiModel(), "OpenAI-compatible endpoint " + config.openaiBaseUrl(),
                    openai, config.openaiBatchSize());
        }
        return inProcess(model, threads);
    }

    /** One of the in-process ONNX models, spreading each batch over {@code threads} threads. */
    public static Embedder inProcess(String model, int threads) {
        OnnxTempDirs.sweepDefault();
        ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "embedding");
            t.setDaemon(true);
            return t;
        });
        EmbeddingModel m = switch (model) {
            case "all-minilm-l6-v2" -> new AllMiniLmL6V2EmbeddingModel(executor);
            case "all-minilm-l6-v2-q" -> new AllMiniLmL6V2QuantizedEmbeddingModel(executor);
            case "bge-small-en-v15" -> new BgeSmallEnV15EmbeddingModel(executor);
            case "bge-small-en-v15-q" -> new BgeSmallEnV15QuantizedEmbeddingModel(executor);
            default -> throw new IllegalArgumentException("unknown embedding model '" + model + "', expected one of " + MODELS);
        };
        // Batches a few times the thread count keep every thread busy without long tails.
        return new LangchainEmbedder(model, m, 256);
    }
}
