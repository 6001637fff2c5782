package io.rebase.retriever.publish;

import io.micrometer.core.instrument.MeterRegistry;
import io.rebase.commons.events.TaskEvents;
import io.rebase.commons.messaging.AckedSend;
import io.rebase.commons.resilience.Outages;
import io.rebase.contracts.CandidateRow;
import io.rebase.contracts.TaskRequest;
import io.rebase.retriever.retrieval.Retrieval;
import io.rebase.retriever.retrieval.ScoredRow;
import io.rebase.retriever.retrieval.Selection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes a task's selection: one {@link CandidateRow} per row on {@code candidate-rows} (key rowId), then,
 * once the broker acknowledged every one of them, the RETRIEVED event with the count and the dataset mix. A broker
 * outage is ridden out ({@code rebase.retry.max-wait}): rows wait in the producer, and a row the producer gave up on
 * is sent again (the transformer's outcome of a row sent twice has the same exampleId, which the trainer stores once).
 */
@ApplicationScoped
public class CandidatePublisher {

    private final Emitter<CandidateRow> rows;
    private final TaskEvents events;
    private final MeterRegistry metrics;
    private final Outages outages;

    public CandidatePublisher(@Channel("candidate-rows-out") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<CandidateRow> rows,
                              TaskEvents events, MeterRegistry metrics, Outages outages) {
        this.rows = rows;
        this.events = events;
        this.metrics = metrics;
        this.outages = outages;
    }

    /** Publishes every row, waits for the broker's acknowledgements, then publishes RETRIEVED. */
    public void publish(TaskRequest task, Retrieval.Result result) throws Exception {
        Selection selection = result.selection();
        List<CandidateRow> out = new ArrayList<>(selection.rows().size());
        List<CompletableFuture<Void>> acks = new ArrayList<>(selection.rows().size());
        int rank = 0;
        for (ScoredRow r : selection.rows()) {
            rank++;
            CandidateRow row = new CandidateRow(r.rowId(), task.taskId(), task, r.dataset(), r.config(), r.rowIndex(),
                    result.cells().getOrDefault(r.rowId(), Map.of()),
                    result.labelsByConfig().getOrDefault(r.dataset() + "/" + r.config(), List.of()), r.scores(), rank);
            out.add(row);
            acks.add(AckedSend.send(rows, r.rowId(), row));
        }
        for (int i = 0; i < out.size(); i++) {
            CandidateRow row = out.get(i);
            CompletableFuture<Void> first = acks.get(i);
            boolean[] sent = {false};
            // the first attempt waits for the send above; only a row the producer gave up on is sent again
            outages.deliver("row " + row.rowId(), () -> {
                if (!sent[0]) {
                    sent[0] = true;
                    return first;
                }
                return AckedSend.send(rows, row.rowId(), row);
            });
        }
        selection.datasetMix().forEach((dataset, n) ->
                metrics.counter("rebase.candidate.rows.published", "dataset", dataset).increment(n));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("datasetMix", selection.datasetMix());
        if (!selection.labelMix().isEmpty()) {
            // a classification task's rows per label: the balance the student is trained on, visible before training
            details.put("labelMix", new TreeMap<>(selection.labelMix()));
        }
        details.put("scoreStats", selection.scoreStats());
        details.put("candidatesScored", selection.candidatesScored());
        details.put("nearDuplicatesDropped", selection.nearDuplicatesDropped());
        details.put("contaminatedDropped", selection.contaminatedDropped());
        details.put("excludedDatasets", selection.excludedDatasets());
        if (!selection.foreignLabelConfigs().isEmpty() || selection.foreignLabelRows() > 0) {
            details.put("foreignLabelConfigs", selection.foreignLabelConfigs());
            details.put("foreignLabelRows", selection.foreignLabelRows());
        }
        details.put("maxPerDataset", selection.maxPerDataset());
        details.put("latencyMs", selection.latencyMs());
        outages.deliver("RETRIEVED of " + task.taskId(), () -> events.retrieved(task.taskId(), selection.rows().size(), details).acked());
    }
}
