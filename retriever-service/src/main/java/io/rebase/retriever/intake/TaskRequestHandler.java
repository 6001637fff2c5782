package io.rebase.retriever.intake;

import io.rebase.contracts.TaskRequest;

/** What happens to a valid task request once it is accepted: the retrieval of its candidate rows. */
public interface TaskRequestHandler {

    /** Runs (or schedules) the retrieval for {@code request}. */
    void handle(TaskRequest request);
}
