package io.rebase.retriever.store;

import io.rebase.retriever.embedding.Embedder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An exact, in-memory store: every search scans every vector. The reference the ANN stores are checked against. */
public class BruteForceVectorStore implements VectorStore {

    private final Map<String, VectorPoint> points = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> idsByRow = new ConcurrentHashMap<>();

    @Override
    public void upsert(List<VectorPoint> batch) {
        for (VectorPoint p : batch) {
            points.put(p.id(), p);
            idsByRow.computeIfAbsent(p.rowId(), r -> ConcurrentHashMap.newKeySet()).add(p.id());
        }
    }

    @Override
    public void commit() {
        // nothing to flush: searches see upserts at once
    }

    @Override
    public List<SearchHit> search(float[] query, int k, Set<String> excludedDatasets) {
        return exactSearch(query, k, excludedDatasets);
    }

    @Override
    public List<SearchHit> exactSearch(float[] query, int k, Set<String> excludedDatasets) {
        // One hit per text and dataset (equal texts have equal vectors, so equal scores): k counts distinct texts.
        PriorityQueue<SearchHit> top = new PriorityQueue<>(Comparator.comparingDouble(SearchHit::score));
        Set<String> inTop = new HashSet<>();
        for (VectorPoint p : points.values()) {
            if (excludedDatasets.contains(p.dataset())) {
                continue;
            }
            String key = p.textHash() == null ? null : p.dataset() + "\u0000" + p.textHash();
            if (key != null && inTop.contains(key)) {
                continue;
            }
            float s = Embedder.dot(query, p.vector());
            if (top.size() < k) {
                top.add(new SearchHit(p.id(), p.rowId(), p.dataset(), s, p.textHash()));
            } else if (s > top.peek().score()) {
                SearchHit out = top.poll();
                if (out.textHash() != null) {
                    inTop.remove(out.dataset() + "\u0000" + out.textHash());
                }
                top.add(new SearchHit(p.id(), p.rowId(), p.dataset(), s, p.textHash()));
            } else {
                continue;
            }
            if (key != null) {
                inTop.add(key);
            }
        }
        List<SearchHit> out = new ArrayList<>(top);
        out.sort(Comparator.comparingDouble(SearchHit::score).reversed().thenComparing(SearchHit::id));
        return out;
    }

    @Override
    public List<SearchHit> searchWithin(float[] query, int k, String dataset) {
        Set<String> others = new HashSet<>();
        points.values().forEach(p -> {
            if (!p.dataset().equals(dataset)) {
                others.add(p.dataset());
            }
        });
        return exactSearch(query, k, others);
    }

    @Override
    public List<SearchHit> exactSearchWithin(float[] query, int k, String dataset) {
        return searchWithin(query, k, dataset);
    }

    @Override
    public Map<String, List<String>> rowsOfTexts(Collection<String> textHashes, int maxPerText, Set<String> excludedDatasets,
                                                 String onlyDataset) {
        Set<String> wanted = new HashSet<>(textHashes);
        TieOrder.Collector ties = new TieOrder.Collector();
        for (VectorPoint p : points.values()) {
            if (p.textHash() != null && wanted.contains(p.textHash()) && !excludedDatasets.contains(p.dataset())
                    && (onlyDataset == null || onlyDataset.equals(p.dataset()))) {
                ties.add(p.textHash(), p.dataset(), p.rowId());
            }
        }
        return ties.firstRows(maxPerText);
    }

    @Override
    public Map<String, List<VectorPoint>> pointsOfRows(Collection<String> rowIds) {
        Map<String, List<VectorPoint>> out = new HashMap<>();
        for (String rowId : new HashSet<>(rowIds)) {
            Set<String> ids = idsByRow.get(rowId);
            if (ids != null) {
                List<VectorPoint> cells = ids.stream().map(points::get).filter(p -> p != null)
                        .sorted(Comparator.comparing(VectorPoint::column)).toList();
                if (!cells.isEmpty()) {
                    out.put(rowId, cells);
                }
            }
        }
        return out;
    }

    @Override
    public void deleteConfig(String dataset, String config) {
        points.values().removeIf(p -> p.dataset().equals(dataset) && p.config().equals(config));
        idsByRow.keySet().removeIf(r -> r.startsWith(dataset + "/" + config + "/"));
    }

    @Override
    public long count() {
        return points.size();
    }

    @Override
    public void close() {
        points.clear();
    }
}
