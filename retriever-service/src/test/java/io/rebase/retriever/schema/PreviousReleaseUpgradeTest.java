package io.rebase.retriever.schema;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.rebase.retriever.domain.ConfigEntity;
import io.rebase.retriever.domain.DatasetEntity;
import io.rebase.retriever.domain.IngestStatus;
import io.rebase.retriever.domain.RowEntity;
import io.rebase.retriever.domain.SelectionEntity;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.CoreMigrationType;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Upgrading a registry written by the release before Flyway ({@link PreviousReleaseDatabase}): the service starts on
 * it (so Flyway's baseline and migrations ran and Hibernate's {@code validate} accepted the result), the history
 * says so, and every row that release wrote is still there, readable and writable through the entities.
 * Run on H2 ({@link H2PreviousReleaseUpgradeTest}) and on PostgreSQL ({@link PostgresPreviousReleaseUpgradeTest}).
 */
abstract class PreviousReleaseUpgradeTest {

    @Inject
    Flyway flyway;

    @Test
    void theExistingSchemaIsBaselinedAtVersionOneAndLaterVersionsApplied() {
        MigrationInfo[] applied = flyway.info().applied();
        assertThat(applied[0].getType()).isEqualTo(CoreMigrationType.BASELINE);
        assertThat(applied[0].getVersion().getVersion()).isEqualTo("1");
        assertThat(flyway.info().pending()).isEmpty();
        // the versioned scripts after the baseline ran, in order, and none of them failed
        assertThat(applied).allSatisfy(m -> assertThat(m.getState().isFailed()).isFalse());
    }

    @Test
    void rowsOfThePreviousReleaseSurviveTheUpgrade() {
        QuarkusTransaction.requiringNew().run(() -> {
            DatasetEntity dataset = DatasetEntity.findById("prev_sst");
            assertThat(dataset.status).isEqualTo(IngestStatus.DONE);
            assertThat(dataset.rows).isEqualTo(2);
            assertThat(dataset.updatedAt).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));

            ConfigEntity config = ConfigEntity.findById("prev_sst/default");
            assertThat(config.labelList()).containsExactly("negative", "positive");
            assertThat(config.complete).isTrue();
            assertThat(config.nextRecord).isEqualTo(2);

            RowEntity row = RowEntity.findById("prev_sst/default/1");
            assertThat(row.cells).isEqualTo("{\"text\":\"a dull, lifeless film\",\"label\":\"negative\"}");
            assertThat(RowEntity.count("dataset = ?1 and config = ?2", "prev_sst", "default")).isEqualTo(2);

            SelectionEntity selection = SelectionEntity.findById("prev-task");
            assertThat(selection.rowCount).isEqualTo(2);
            assertThat(selection.json).contains("prev_sst/default/0");
        });
        given().get("/datasets/prev_sst").then().statusCode(200)
                .body("status", equalTo("DONE"))
                .body("configs[0].labels[1]", equalTo("positive"));
    }

    @Test
    void theUpgradedTablesTakeNewWrites() {
        Instant republished = Instant.parse("2026-12-01T08:00:00Z");
        QuarkusTransaction.requiringNew().run(() -> {
            DatasetEntity dataset = new DatasetEntity();
            dataset.name = "new_ds";
            dataset.status = IngestStatus.DONE;
            dataset.rows = 1;
            dataset.persist();
            RowEntity row = new RowEntity();
            row.rowId = "new_ds/default/0";
            row.dataset = "new_ds";
            row.config = "default";
            row.cells = "{\"text\":\"new since the upgrade\",\"label\":\"positive\"}";
            row.persist();
            SelectionEntity.<SelectionEntity>findById("prev-task").publishedAt = republished;
        });
        QuarkusTransaction.requiringNew().run(() -> {
            assertThat(RowEntity.count("dataset", "new_ds")).isEqualTo(1);
            assertThat(DatasetEntity.<DatasetEntity>findById("new_ds").status).isEqualTo(IngestStatus.DONE);
            assertThat(SelectionEntity.<SelectionEntity>findById("prev-task").publishedAt).isEqualTo(republished);
        });
    }

    /**
     * Hibernate's validation does not compare an enum column's allowed values (a check constraint on PostgreSQL, an
     * enum type on H2) with the Java enum, so a constant added without its migration would fail only when first
     * written; this writes every constant through the upgraded schema.
     */
    @Test
    void everyIngestStatusFitsItsColumns() {
        for (IngestStatus status : IngestStatus.values()) {
            QuarkusTransaction.requiringNew().run(() -> {
                DatasetEntity dataset = new DatasetEntity();
                dataset.name = "enum_" + status;
                dataset.status = status;
                dataset.persist();
                ConfigEntity config = new ConfigEntity();
                config.id = "enum_" + status + "/default";
                config.dataset = dataset.name;
                config.status = status;
                config.persist();
            });
        }
        QuarkusTransaction.requiringNew().run(() ->
                assertThat(ConfigEntity.count("dataset like ?1", "enum_%")).isEqualTo(IngestStatus.values().length));
    }
}
