package io.rebase.retriever.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/** A datastore row's payload (all its cells, ids and split included), published with the row when selected. */
@Entity
@Table(name = "rb_row", indexes = @Index(name = "rb_row_config", columnList = "dataset,config,rowIndex"))
public class RowEntity extends PanacheEntityBase {
    @Id
    @Column(length = 500)
    public String rowId;
    @Column(length = 200)
    public String dataset;
    @Column(length = 200)
    public String config;
    public long rowIndex;
    /**
     * The cells as a JSON object. A plain (long) VARCHAR, not a LOB: LOBs are fetched one by one, which made
     * loading a selection's 3,000 payloads take seconds.
     */
    @Column(length = 1_000_000)
    public String cells;
}
