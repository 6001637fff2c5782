package io.rebase.transformer.mapping;

/**
 * Confidence thresholds of the offline mapping.
 *
 * @param fieldSimilarity minimum cosine between a cell and the examples' texts of a field, for a column whose
 *                        name says nothing
 * @param labelSimilarity minimum cosine between a row label name and a task label name
 * @param labelMargin     how much the best task label must beat the second best
 * @param qaContextChars  longer QA contexts are cut to a window of this many characters around the answer
 */
public record MappingSettings(double fieldSimilarity, double labelSimilarity, double labelMargin, int qaContextChars) {

    public static MappingSettings defaults() {
        return new MappingSettings(0.25, 0.8, 0.1, 4000);
    }
}
