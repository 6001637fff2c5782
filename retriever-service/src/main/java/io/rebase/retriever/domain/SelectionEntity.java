package io.rebase.retriever.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The rows selected for a task and why, for {@code GET /tasks/{id}/candidates}. */
@Entity
@Table(name = "rb_selection")
public class SelectionEntity extends PanacheEntityBase {
    @Id
    @Column(length = 200)
    public String taskId;
    public Instant createdAt;
    public int rowCount;
    /** When every row and the RETRIEVED event were acknowledged by the broker; null until then. */
    public Instant publishedAt;
    /**
     * The {@link io.rebase.retriever.retrieval.Selection} as JSON. A long varchar rather than a {@code @Lob}, which
     * PostgreSQL keeps as a large object readable only inside a transaction (10 MB is PostgreSQL's varchar limit).
     */
    @Column(length = 10_000_000)
    public String json;
}
