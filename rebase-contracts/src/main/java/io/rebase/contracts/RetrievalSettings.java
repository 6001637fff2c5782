package io.rebase.contracts;

import java.util.List;

/**
 * Optional per-task retrieval settings; a null field means "use the retriever's configured default".
 *
 * @param topRows                 how many rows to select (the reference used 3,000)
 * @param excludeDatasets         dataset names never to draw from (decontamination by name)
 * @param maxDatasetShare         the largest fraction of the selection one dataset may supply
 * @param inputWeight             weight of "best cell vs example inputs"
 * @param outputWeight            weight of "best cell vs example outputs"
 * @param descriptionWeight       weight of "dataset description vs instruction"
 * @param nearDuplicateThreshold  cosine above which two rows count as near-duplicates
 * @param decontaminationTexts    texts (e.g. evaluation inputs) whose n-gram overlap excludes a row
 */
public record RetrievalSettings(Integer topRows, List<String> excludeDatasets, Double maxDatasetShare,
                                Double inputWeight, Double outputWeight, Double descriptionWeight,
                                Double nearDuplicateThreshold, List<String> decontaminationTexts) {
}
