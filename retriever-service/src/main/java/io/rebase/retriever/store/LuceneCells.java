package io.rebase.retriever.store;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.util.Map;

/**
 * How a cell is laid out in the Lucene index: one document per cell, its vector in an HNSW graph
 * ({@link KnnFloatVectorField}, dot product over unit vectors = cosine), its location in doc values (read column-wise,
 * fast for re-scoring) and indexed terms for the lookups by id, row, dataset, config and text.
 */
final class LuceneCells {

    static final String VECTOR = "v";
    static final String ID = "id";
    static final String ROW_ID = "row_id";
    static final String DATASET = "dataset";
    static final String CONFIG_KEY = "config_key";
    static final String CONFIG = "config";
    static final String COLUMN = "column";
    static final String SPAN_OF = "span_of";
    static final String ROW = "row";
    static final String TEXT_HASH = "text_hash";

    private LuceneCells() {
    }

    /** The document of cell {@code p}. */
    static Document document(VectorPoint p) {
        Document doc = new Document();
        doc.add(new StringField(ID, p.id(), Field.Store.NO));
        doc.add(new SortedDocValuesField(ID, new BytesRef(p.id())));
        doc.add(new StringField(ROW_ID, p.rowId(), Field.Store.NO));
        doc.add(new SortedDocValuesField(ROW_ID, new BytesRef(p.rowId())));
        doc.add(new StringField(DATASET, p.dataset(), Field.Store.NO));
        doc.add(new SortedDocValuesField(DATASET, new BytesRef(p.dataset())));
        doc.add(new StringField(CONFIG_KEY, p.dataset() + "/" + p.config(), Field.Store.NO));
        doc.add(new SortedDocValuesField(CONFIG, new BytesRef(p.config())));
        doc.add(new SortedDocValuesField(COLUMN, new BytesRef(p.column())));
        if (p.spanOf() != null) {
            doc.add(new SortedDocValuesField(SPAN_OF, new BytesRef(p.spanOf())));
        }
        if (p.textHash() != null) {
            doc.add(new StringField(TEXT_HASH, p.textHash(), Field.Store.NO));
            doc.add(new SortedDocValuesField(TEXT_HASH, new BytesRef(p.textHash())));
        }
        doc.add(new NumericDocValuesField(ROW, p.rowIndex()));
        doc.add(new KnnFloatVectorField(VECTOR, p.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        return doc;
    }

    /** {@link #value}, decoding each ordinal of the segment once. */
    static String cached(SortedDocValues values, int doc, Map<Integer, String> byOrd) throws IOException {
        if (values == null || !values.advanceExact(doc)) {
            return null;
        }
        int ord = values.ordValue();
        String known = byOrd.get(ord);
        if (known == null) {
            known = values.lookupOrd(ord).utf8ToString();
            byOrd.put(ord, known);
        }
        return known;
    }

    static String value(SortedDocValues values, int doc) throws IOException {
        return values != null && values.advanceExact(doc) ? values.lookupOrd(values.ordValue()).utf8ToString() : null;
    }

    // Doc values are read per call: these iterators are forward-only and not thread-safe.
    static String string(LeafReader reader, String field, int doc) throws IOException {
        SortedDocValues values = reader.getSortedDocValues(field);
        if (values == null || !values.advanceExact(doc)) {
            return null;
        }
        return values.lookupOrd(values.ordValue()).utf8ToString();
    }
}
