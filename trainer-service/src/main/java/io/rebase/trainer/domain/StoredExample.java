package io.rebase.trainer.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import java.time.Instant;

/**
 * A training example received from the stream. The unique {@code exampleId} makes redelivered or
 * re-transformed examples duplicates; the generated {@code id} gives the order the trainer consumes them in.
 */
@Entity
@Table(name = "trainer_example",
        uniqueConstraints = @UniqueConstraint(name = "uk_trainer_example_id", columnNames = "exampleId"),
        indexes = @Index(name = "ix_trainer_example_task", columnList = "taskId,id"))
public class StoredExample extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE)
    public Long id;

    @Column(nullable = false, length = 64)
    public String exampleId;

    @Column(nullable = false, length = 128)
    public String taskId;

    @Column(length = 512)
    public String rowId;

    /** The input fields as a JSON object. */
    @Column(nullable = false, length = 1_000_000)
    public String inputJson;

    @Column(length = 100_000)
    public String output;

    @Column(length = 100_000)
    public String rationale;

    @Column(length = 256)
    public String dataset;

    @Column(length = 256)
    public String datasetConfig;

    public Long rowIndex;

    @Column(length = 32)
    public String mode;

    /** The source row's retrieval scores ({@code RowScores} JSON); null when the example carried none. */
    @Column(length = 4000)
    public String scoresJson;

    public Instant receivedAt;
}
