package io.rebase.retriever.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A dataset of the datastore, as registered by the last ingest. */
@Entity
@Table(name = "rb_dataset")
public class DatasetEntity extends PanacheEntityBase {
    @Id
    @Column(length = 200)
    public String name;
    @Column(length = 8000)
    public String description;
    @Column(length = 500)
    public String taskType;
    @Column(length = 1000)
    public String path;
    public boolean cardInferred;
    @Enumerated(EnumType.STRING)
    public IngestStatus status = IngestStatus.PENDING;
    public long rows;
    public long cells;
    public long skippedRows;
    @Column(length = 8000)
    public String lastError;
    public Instant updatedAt;
}
