package io.rebase.contracts.kafka;

import io.rebase.contracts.CandidateRow;

/** Reads {@link CandidateRow} records. */
public class CandidateRowDeserializer extends JsonDeserializer<CandidateRow> {
    public CandidateRowDeserializer() {
        super(CandidateRow.class);
    }
}
