package io.rebase.retriever.store;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import static io.rebase.retriever.store.LuceneCells.DATASET;
import static io.rebase.retriever.store.LuceneCells.TEXT_HASH;
import static io.rebase.retriever.store.LuceneCells.value;

/** Per open reader of the cell index, the docs that are the first copy of their text within their dataset. */
final class FirstCopies {

    private final Map<IndexReader, FixedBitSet[]> byReader = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * The live docs that are the first copy (in doc order) of their text within their dataset; docs without a text
     * hash always count. Computed once per reader (one pass over two doc-value columns) and shared by ANN and exact
     * search, so both see the same candidates.
     */
    FixedBitSet[] of(IndexReader reader) {
        FixedBitSet[] cached = byReader.get(reader);
        if (cached != null) {
            return cached;
        }
        try {
            List<LeafReaderContext> leaves = reader.leaves();
            FixedBitSet[] out = new FixedBitSet[leaves.size()];
            Set<String> seen = new HashSet<>();
            for (LeafReaderContext leaf : leaves) {
                LeafReader r = leaf.reader();
                FixedBitSet bits = new FixedBitSet(Math.max(1, r.maxDoc()));
                Bits live = r.getLiveDocs();
                SortedDocValues texts = r.getSortedDocValues(TEXT_HASH);
                SortedDocValues datasets = r.getSortedDocValues(DATASET);
                for (int doc = 0; doc < r.maxDoc(); doc++) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    String text = value(texts, doc);
                    if (text == null || seen.add(value(datasets, doc) + "\u0000" + text)) {
                        bits.set(doc);
                    }
                }
                out[leaf.ord] = bits;
            }
            byReader.put(reader, out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
