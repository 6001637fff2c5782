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

import java.time.Instant;

/** One point of a task's loss curve (per step) or evaluation curve (per evaluation). */
@Entity
@Table(name = "trainer_curve_point", indexes = @Index(name = "ix_trainer_curve_task", columnList = "taskId,kind,step"))
public class CurvePoint extends PanacheEntityBase {

    /** Which curve. */
    public enum Kind { LOSS, EVAL }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE)
    public Long id;

    @Column(nullable = false, length = 128)
    public String taskId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    public Kind kind;

    public int step;

    /** LOSS: the step's loss; EVAL: the primary metric. */
    @Column(name = "point_value")
    public double value;

    /** EVAL: all metrics as JSON. */
    @Column(length = 4_000)
    public String metricsJson;

    public long examplesSeen;

    public Instant recordedAt;
}
