package io.rebase.trainer.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;

import java.time.Instant;

/**
 * What the consumers learnt about a task: its request (spec), the RETRIEVED count, upstream failure, and when
 * anything last arrived. Written by the consumers only; counters change through bulk updates so that the three
 * consumer threads never overwrite each other, and entity updates write only the columns they changed (a full-row
 * update would put back the duplicate count it read before a concurrent bulk update).
 */
@Entity
@DynamicUpdate
@Table(name = "trainer_task_stream")
public class TaskStream extends PanacheEntityBase {

    @Id
    @Column(length = 128)
    public String taskId;

    /** The validated TaskRequest as JSON; null until the request was seen. Sized by the table of limits. */
    @Column(length = io.rebase.contracts.TaskLimits.MAX_STORED_REQUEST_BYTES)
    public String requestJson;

    /** Rows the retriever published for the task; null until the RETRIEVED event was seen. */
    public Long retrieved;

    /** The RETRIEVED event's details (dataset mix, ...) as JSON. */
    @Column(length = 100_000)
    public String retrievalDetailsJson;

    /** Duplicate examples received and ignored. */
    public long duplicates;

    /** Set when another service reported the task FAILED. */
    @Column(length = 4_000)
    public String upstreamFailure;

    public Instant createdAt;

    public Instant lastActivityAt;

    /** When the task's CANCELLED event was read; null unless a user cancelled it. */
    public Instant cancelledAt;
}
