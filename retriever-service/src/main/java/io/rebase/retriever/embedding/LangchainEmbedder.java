package io.rebase.retriever.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Embedder} over any langchain4j {@link EmbeddingModel}: the in-process ONNX models (which spread a
 * batch over their executor's threads) or an OpenAI-compatible endpoint (which takes a batch per request).
 */
public class LangchainEmbedder implements Embedder {

    private final String name;
    private final String where;
    private final EmbeddingModel model;
    private final int batchSize;
    private final int dimension;

    public LangchainEmbedder(String name, EmbeddingModel model, int batchSize) {
        this(name, "in-process", model, batchSize);
    }

    /** {@code where} names the model's location (an endpoint URL) in error messages. */
    public LangchainEmbedder(String name, String where, EmbeddingModel model, int batchSize) {
        this.name = name;
        this.where = where;
        this.model = model;
        this.batchSize = Math.max(1, batchSize);
        try {
            this.dimension = model.dimension();
        } catch (RuntimeException e) {
            throw failure("cannot determine the vector size", e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<TextSegment> segments = texts.subList(from, Math.min(texts.size(), from + batchSize)).stream()
                    // An empty segment is refused by some models; a single space embeds as "nothing".
                    .map(t -> TextSegment.from(t == null || t.isBlank() ? " " : t))
                    .toList();
            List<Embedding> embeddings;
            try {
                embeddings = model.embedAll(segments).content();
            } catch (RuntimeException e) {
                throw failure("cannot embed a batch of " + segments.size() + " texts", e);
            }
            if (embeddings == null || embeddings.size() != segments.size()) {
                throw failure("answered " + (embeddings == null ? 0 : embeddings.size()) + " vectors for " + segments.size()
                        + " texts", null);
            }
            for (Embedding e : embeddings) {
                out.add(Embedder.normalise(e.vector().clone()));
            }
        }
        return out;
    }

    private IllegalStateException failure(String what, RuntimeException cause) {
        String detail = cause == null ? "" : ": " + (cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage());
        return new IllegalStateException("embedding model " + name + " (" + where + ") " + what + detail, cause);
    }
}
