package io.rebase.retriever.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/**
 * One config (file) of a dataset, with its ingest checkpoint: {@link #nextRecord} records of the file are
 * done (ingested or skipped), so a restarted ingest continues there.
 */
@Entity
@Table(name = "rb_config")
public class ConfigEntity extends PanacheEntityBase {
    /** {@code dataset/config}. */
    @Id
    @Column(length = 400)
    public String id;
    @Column(length = 200)
    public String dataset;
    @Column(length = 200)
    public String name;
    @Column(length = 1000)
    public String file;
    @Column(length = 8000)
    public String description;
    /** Label names, newline-joined (empty when the config has none). */
    @Column(length = 8000)
    public String labels;
    @Column(length = 8000)
    public String columns;
    @Column(length = 100)
    public String fileHash;
    /** The row cap this config was ingested under (0 = all). */
    public int maxRows;
    public long nextRecord;
    public long rows;
    public long cells;
    public long skippedRows;
    public boolean complete;
    /** The whole file was read (not stopped by the row cap). */
    public boolean endOfFile;
    @Enumerated(EnumType.STRING)
    public IngestStatus status = IngestStatus.PENDING;
    /** The first errors (file:line: message), newline-joined. */
    @Column(length = 100_000)
    public String errors;
    /**
     * The embedded dataset + config description, little-endian float32. Not a {@code @Lob}: PostgreSQL stores those
     * as large objects that cannot be read outside a transaction; this maps to bytea / varbinary.
     */
    @Column(length = 100_000)
    public byte[] descriptionVector;
    /**
     * The embedding model of this config's vectors (its description and its cells). A config embedded by another
     * model (or by a build that did not record it) is re-ingested: its vectors are not comparable with the
     * current model's queries.
     */
    @Column(length = 200)
    public String embeddingModel;
    public Instant updatedAt;

    public List<String> labelList() {
        return labels == null || labels.isBlank() ? List.of() : List.of(labels.split("\n"));
    }
}
