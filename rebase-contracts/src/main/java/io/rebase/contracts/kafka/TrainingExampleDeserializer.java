package io.rebase.contracts.kafka;

import io.rebase.contracts.TrainingExample;

/** Reads {@link TrainingExample} records. */
public class TrainingExampleDeserializer extends JsonDeserializer<TrainingExample> {
    public TrainingExampleDeserializer() {
        super(TrainingExample.class);
    }
}
