package io.rebase.transformer.service;

import io.rebase.contracts.CandidateRow;
import io.rebase.transformer.domain.Outcome;

/** Turns one candidate row into an example, a rejection or a dead letter. Implementations are thread-safe. */
public interface RowTransformer {

    /** The outcome for {@code row}; never throws for a problem with the row itself. */
    Outcome transform(CandidateRow row);
}
