package io.rebase.retriever.store;

import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.VectorOutputHelper;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import io.qdrant.client.grpc.Points.ScrollResponse;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.UpsertPoints;

import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;

import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.ConditionFactory.matchKeywords;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;
import static io.qdrant.client.WithPayloadSelectorFactory.include;

/**
 * The cluster store: a Qdrant collection (cosine), one point per cell, with keyword payload indexes on
 * dataset, config key, row id and text hash so that exclusion filters and row fetches stay fast. Upserts go in batches
 * and wait for the write, so a commit is implied.
 */
public class QdrantVectorStore implements VectorStore {

    private static final int UPSERT_BATCH = 256;
    private static final int FETCH_BATCH = 256;
    private static final Logger LOG = Logger.getLogger(QdrantVectorStore.class);

    private final QdrantClient client;
    private final String collection;

    /**
     * The collection of model {@code model}'s vectors: {@code prefix_model}, so that switching the embedding model never
     * writes vectors of another space (or another dimension) into a collection, like the Lucene index folder per model.
     */
    public static String collectionFor(String prefix, String model) {
        String slug = model.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]+", "_");
        return prefix + "_" + slug;
    }

    public QdrantVectorStore(String host, int port, boolean tls, String apiKey, String collection, int dimension) {
        QdrantGrpcClient.Builder grpc = QdrantGrpcClient.newBuilder(host, port, tls);
        if (apiKey != null && !apiKey.isBlank()) {
            grpc.withApiKey(apiKey);
        }
        this.client = new QdrantClient(grpc.build());
        this.collection = collection;
        try {
            if (!client.collectionExistsAsync(collection).get()) {
                client.createCollectionAsync(collection,
                        VectorParams.newBuilder().setDistance(Distance.Cosine).setSize(dimension).build()).get();
                for (String field : List.of("dataset", "config_key", "row_id", "text_hash")) {
                    client.createPayloadIndexAsync(collection, field, PayloadSchemaType.Keyword, null, true, null, null).get();
                }
            } else if (!client.getCollectionInfoAsync(collection).get().containsPayloadSchema("text_hash")) {
                // A collection from before tie-aware retrieval: index the field (points upserted from now on carry it).
                client.createPayloadIndexAsync(collection, "text_hash", PayloadSchemaType.Keyword, null, true, null, null).get();
                LOG.warnf("Qdrant collection %s was created before cells carried a text hash: identical cells already stored "
                        + "are not expanded as ties, so ANN and exact retrieval may select different rows. Delete the collection "
                        + "and the registry and re-ingest to fix it.", collection);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare Qdrant collection " + collection + " at " + host + ":" + port, e);
        }
    }

    @Override
    public void upsert(List<VectorPoint> points) {
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < points.size(); i += UPSERT_BATCH) {
                List<PointStruct> batch = new ArrayList<>();
                for (VectorPoint p : points.subList(i, Math.min(points.size(), i + UPSERT_BATCH))) {
                    PointStruct.Builder b = PointStruct.newBuilder()
                            .setId(id(UUID.fromString(p.id())))
                            .setVectors(vectors(p.vector()))
                            .putPayload("row_id", value(p.rowId()))
                            .putPayload("dataset", value(p.dataset()))
                            .putPayload("config", value(p.config()))
                            .putPayload("config_key", value(p.dataset() + "/" + p.config()))
                            .putPayload("row", value(p.rowIndex()))
                            .putPayload("column", value(p.column()));
                    if (p.spanOf() != null) {
                        b.putPayload("span_of", value(p.spanOf()));
                    }
                    if (p.textHash() != null) {
                        b.putPayload("text_hash", value(p.textHash()));
                    }
                    batch.add(b.build());
                }
                writes.add(client.upsertAsync(UpsertPoints.newBuilder().setCollectionName(collection).setWait(true)
                        .addAllPoints(batch).build()));
            }
            for (Future<?> w : writes) {
                w.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Qdrant upsert failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void commit() {
        // upserts wait for the write
    }

    @Override
    public List<SearchHit> search(float[] query, int k, Set<String> excludedDatasets) {
        return search(query, k, excludedDatasets, false);
    }

    @Override
    public List<SearchHit> exactSearch(float[] query, int k, Set<String> excludedDatasets) {
        return search(query, k, excludedDatasets, true);
    }

    @Override
    public List<SearchHit> searchWithin(float[] query, int k, String dataset) {
        return run(query, k, Filter.newBuilder().addMust(matchKeyword("dataset", dataset)).build(), false);
    }

    @Override
    public List<SearchHit> exactSearchWithin(float[] query, int k, String dataset) {
        return run(query, k, Filter.newBuilder().addMust(matchKeyword("dataset", dataset)).build(), true);
    }

    @Override
    public Map<String, List<String>> rowsOfTexts(Collection<String> textHashes, int maxPerText, Set<String> excludedDatasets,
                                                 String onlyDataset) {
        TieOrder.Collector ties = new TieOrder.Collector();
        List<String> hashes = new ArrayList<>(new LinkedHashSet<>(textHashes));
        try {
            for (int i = 0; i < hashes.size(); i += FETCH_BATCH) {
                Filter.Builder filter = Filter.newBuilder().addMust(matchKeywords("text_hash", hashes.subList(i, Math.min(hashes.size(), i + FETCH_BATCH))));
                if (onlyDataset != null) {
                    filter.addMust(matchKeyword("dataset", onlyDataset));
                }
                if (!excludedDatasets.isEmpty()) {
                    filter.addMustNot(matchKeywords("dataset", List.copyOf(excludedDatasets)));
                }
                PointId offset = null;
                do {
                    ScrollPoints.Builder scroll = ScrollPoints.newBuilder().setCollectionName(collection).setFilter(filter.build())
                            .setLimit(4096).setWithPayload(include(List.of("text_hash", "dataset", "row_id")));
                    if (offset != null) {
                        scroll.setOffset(offset);
                    }
                    ScrollResponse page = client.scrollAsync(scroll.build()).get();
                    for (RetrievedPoint p : page.getResultList()) {
                        ties.add(str(p.getPayload(), "text_hash"), str(p.getPayload(), "dataset"), str(p.getPayload(), "row_id"));
                    }
                    offset = page.hasNextPageOffset() ? page.getNextPageOffset() : null;
                } while (offset != null);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Qdrant tie lookup failed: " + e.getMessage(), e);
        }
        return ties.firstRows(maxPerText);
    }

    private List<SearchHit> search(float[] query, int k, Set<String> excludedDatasets, boolean exact) {
        return run(query, k, excludedDatasets.isEmpty() ? null
                : Filter.newBuilder().addMustNot(matchKeywords("dataset", List.copyOf(excludedDatasets))).build(), exact);
    }

    private List<SearchHit> run(float[] query, int k, Filter filter, boolean exact) {
        SearchPoints.Builder request = SearchPoints.newBuilder().setCollectionName(collection).setLimit(k)
                .setWithPayload(enable(true)).setParams(SearchParams.newBuilder().setExact(exact).build());
        for (float f : query) {
            request.addVector(f);
        }
        if (filter != null) {
            request.setFilter(filter);
        }
        try {
            List<ScoredPoint> points = client.searchAsync(request.build()).get();
            List<SearchHit> hits = new ArrayList<>(points.size());
            Set<String> texts = new java.util.HashSet<>();
            for (ScoredPoint p : points) {
                SearchHit hit = new SearchHit(p.getId().getUuid(), str(p.getPayload(), "row_id"), str(p.getPayload(), "dataset"),
                        p.getScore(), str(p.getPayload(), "text_hash"));
                // One hit per text and dataset, as the contract says (collapsed here: fewer than k where copies were found).
                if (hit.textHash() == null || texts.add(hit.dataset() + "\u0000" + hit.textHash())) {
                    hits.add(hit);
                }
            }
            return hits;
        } catch (Exception e) {
            throw new IllegalStateException("Qdrant search failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, List<VectorPoint>> pointsOfRows(Collection<String> rowIds) {
        Map<String, List<VectorPoint>> out = new HashMap<>();
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(rowIds));
        try {
            for (int i = 0; i < ids.size(); i += FETCH_BATCH) {
                Filter filter = Filter.newBuilder().addMust(matchKeywords("row_id", ids.subList(i, Math.min(ids.size(), i + FETCH_BATCH)))).build();
                PointId offset = null;
                do {
                    ScrollPoints.Builder scroll = ScrollPoints.newBuilder().setCollectionName(collection).setFilter(filter)
                            .setLimit(1024).setWithPayload(enable(true))
                            .setWithVectors(io.qdrant.client.WithVectorsSelectorFactory.enable(true));
                    if (offset != null) {
                        scroll.setOffset(offset);
                    }
                    ScrollResponse page = client.scrollAsync(scroll.build()).get();
                    for (RetrievedPoint p : page.getResultList()) {
                        Map<String, Value> payload = p.getPayload();
                        List<Float> data = VectorOutputHelper.getDenseVector(p.getVectors().getVector()).getDataList();
                        float[] v = new float[data.size()];
                        for (int j = 0; j < v.length; j++) {
                            v[j] = data.get(j);
                        }
                        VectorPoint point = new VectorPoint(p.getId().getUuid(), str(payload, "row_id"), str(payload, "dataset"),
                                str(payload, "config"), payload.get("row").getIntegerValue(), str(payload, "column"),
                                str(payload, "span_of"), v, str(payload, "text_hash"));
                        out.computeIfAbsent(point.rowId(), r -> new ArrayList<>()).add(point);
                    }
                    offset = page.hasNextPageOffset() ? page.getNextPageOffset() : null;
                } while (offset != null);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Qdrant fetch failed: " + e.getMessage(), e);
        }
        out.values().forEach(l -> l.sort(Comparator.comparing(VectorPoint::column)));
        return out;
    }

    @Override
    public void deleteConfig(String dataset, String config) {
        try {
            client.deleteAsync(collection, Filter.newBuilder().addMust(matchKeyword("config_key", dataset + "/" + config)).build()).get();
        } catch (Exception e) {
            throw new IllegalStateException("Qdrant delete failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long count() {
        try {
            return client.countAsync(collection).get();
        } catch (Exception e) {
            throw new IllegalStateException("Qdrant count failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private static String str(Map<String, Value> payload, String key) {
        Value v = payload.get(key);
        return v == null || !v.hasStringValue() ? null : v.getStringValue();
    }
}
