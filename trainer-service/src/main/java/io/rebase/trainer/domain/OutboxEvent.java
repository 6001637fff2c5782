package io.rebase.trainer.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.rebase.contracts.TaskLimits;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A task event that must follow a state change (COMPLETED, FAILED and the WARNINGs before COMPLETED): stored in the
 * transaction that makes the change, then published by {@code OutboxRelay} until the broker acknowledged it, also
 * after a restart. {@code publishedAt} is null until then.
 */
@Entity
@Table(name = "trainer_outbox_event", indexes = @Index(name = "ix_trainer_outbox_pending", columnList = "publishedAt,id"))
public class OutboxEvent extends PanacheEntityBase {

    /** Longest stored event: details at their limit plus the texts around them. */
    public static final int MAX_EVENT_JSON = TaskLimits.MAX_EVENT_DETAILS_CHARS + 64 * 1024;

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE)
    public Long id;

    @Column(nullable = false, length = 128)
    public String taskId;

    @Column(nullable = false, length = 32)
    public String type;

    /** The event, fitted to the limits, as JSON. */
    @Column(nullable = false, length = MAX_EVENT_JSON)
    public String eventJson;

    @Column(nullable = false)
    public Instant createdAt;

    public Instant publishedAt;
}
