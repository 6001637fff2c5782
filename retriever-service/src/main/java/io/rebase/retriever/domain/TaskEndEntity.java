package io.rebase.retriever.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * How a task ended, as far as the retriever knows: cancelled here, or completed / failed as read from task-events.
 * The first end recorded for a task is kept.
 */
@Entity
@Table(name = "rb_task_end")
public class TaskEndEntity extends PanacheEntityBase {
    @Id
    @Column(length = 200)
    public String taskId;
    /** The terminal {@link io.rebase.contracts.TaskEventType}: CANCELLED, COMPLETED or FAILED. */
    @Column(length = 16, nullable = false)
    public String outcome;
    @Column(nullable = false)
    public Instant endedAt;
    /** When the end's event was on the broker: the CANCELLED event acknowledged, or the COMPLETED / FAILED read; null until then. */
    public Instant announcedAt;
}
