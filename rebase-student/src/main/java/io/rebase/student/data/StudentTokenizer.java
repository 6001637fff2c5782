package io.rebase.student.data;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;

/**
 * Word-piece tokenizer that assembles {@code [CLS] a [SEP] (b [SEP])} sequences itself, so that
 * truncation and QA windowing are fully under our control (the bundled tokenizer files carry fixed
 * padding/truncation settings that are switched off here).
 */
public final class StudentTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final byte[] json;
    private final long clsId;
    private final long sepId;

    private StudentTokenizer(HuggingFaceTokenizer tokenizer, byte[] json) {
        this.tokenizer = tokenizer;
        this.json = json;
        long[] specials = tokenizer.encode("", true, false).getIds();
        this.clsId = specials[0];
        this.sepId = specials[specials.length - 1];
    }

    /** Creates a tokenizer from the contents of a Hugging Face {@code tokenizer.json}. */
    public static StudentTokenizer fromJson(byte[] tokenizerJson) {
        try {
            HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson),
                    Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "false"));
            return new StudentTokenizer(tok, tokenizerJson.clone());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tokenizer definition, for saving next to a checkpoint. */
    public byte[] json() {
        return json.clone();
    }

    /** Splits a text into word pieces with character spans. */
    public TokenizedText tokenize(String text) {
        Encoding enc = tokenizer.encode(text, false, false);
        long[] ids = enc.getIds();
        CharSpan[] spans = enc.getCharTokenSpans();
        int[] starts = new int[ids.length];
        int[] ends = new int[ids.length];
        // the tokenizer reports offsets in code points; Java strings index UTF-16 units
        int[] cpToChar = text.length() == text.codePointCount(0, text.length()) ? null : codePointToCharIndex(text);
        for (int i = 0; i < ids.length; i++) {
            CharSpan s = spans[i];
            int st = s == null ? 0 : s.getStart();
            int en = s == null ? 0 : s.getEnd();
            starts[i] = cpToChar == null ? st : cpToChar[Math.min(st, cpToChar.length - 1)];
            ends[i] = cpToChar == null ? en : cpToChar[Math.min(en, cpToChar.length - 1)];
        }
        return new TokenizedText(ids, starts, ends);
    }

    /** {@code [CLS] text [SEP]}, truncated to {@code maxLength}. */
    public EncodedSequence single(String text, int maxLength) {
        long[] a = tokenize(text).ids();
        return assemble(a, null, maxLength);
    }

    /** {@code [CLS] a [SEP] b [SEP]} with segment ids 0/1, longest-first truncation to {@code maxLength}. */
    public EncodedSequence pair(String a, String b, int maxLength) {
        return assemble(tokenize(a).ids(), tokenize(b).ids(), maxLength);
    }

    /** Assembles pre-tokenized segments; {@code b} may be null. */
    public EncodedSequence assemble(long[] a, long[] b, int maxLength) {
        int budget = maxLength - (b == null ? 2 : 3);
        int la = a.length;
        int lb = b == null ? 0 : b.length;
        while (la + lb > budget) {
            if (la >= lb) {
                la--;
            } else {
                lb--;
            }
        }
        int total = la + lb + (b == null ? 2 : 3);
        long[] ids = new long[total];
        long[] types = new long[total];
        int p = 0;
        ids[p++] = clsId;
        System.arraycopy(a, 0, ids, p, la);
        p += la;
        ids[p++] = sepId;
        if (b != null) {
            System.arraycopy(b, 0, ids, p, lb);
            Arrays.fill(types, p, p + lb + 1, 1L);
            p += lb;
            ids[p] = sepId;
        }
        return new EncodedSequence(ids, types);
    }

    /** Id of {@code [CLS]}. */
    public long clsId() {
        return clsId;
    }

    /** Id of {@code [SEP]}. */
    public long sepId() {
        return sepId;
    }

    private static int[] codePointToCharIndex(String text) {
        int n = text.codePointCount(0, text.length());
        int[] map = new int[n + 1];
        int ci = 0;
        for (int cp = 0; cp < n; cp++) {
            map[cp] = ci;
            ci += Character.charCount(text.codePointAt(ci));
        }
        map[n] = text.length();
        return map;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
