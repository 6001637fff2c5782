package io.rebase.trainer.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/**
 * A retrieved row whose fate is known: it became an example, was rejected, or was dead-lettered. The task's
 * stream is complete when the distinct rows accounted for reach the RETRIEVED count.
 */
@Entity
@Table(name = "trainer_accounted_row",
        uniqueConstraints = @UniqueConstraint(name = "uk_trainer_accounted", columnNames = {"taskId", "rowId", "outcome"}),
        indexes = @Index(name = "ix_trainer_accounted_task", columnList = "taskId"))
public class AccountedRow extends PanacheEntityBase {

    /** What became of a row. */
    public enum Outcome { EXAMPLE, REJECTED, DEAD_LETTERED }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE)
    public Long id;

    @Column(nullable = false, length = 128)
    public String taskId;

    @Column(nullable = false, length = 512)
    public String rowId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public Outcome outcome;

    /** Why a rejected row was rejected (the transformer's reason code), null otherwise. */
    @Column(length = 64)
    public String reason;

    public AccountedRow() {
    }

    public AccountedRow(String taskId, String rowId, Outcome outcome) {
        this.taskId = taskId;
        this.rowId = rowId;
        this.outcome = outcome;
    }
}
