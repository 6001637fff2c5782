package io.rebase.trainer.schema;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.rebase.trainer.domain.AccountedRow;
import io.rebase.trainer.domain.CurvePoint;
import io.rebase.trainer.domain.StoredExample;
import io.rebase.trainer.domain.TaskStatus;
import io.rebase.trainer.domain.TaskStream;
import io.rebase.trainer.domain.TaskTraining;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.CoreMigrationType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Upgrading a trainer database written by the release before Flyway ({@link PreviousReleaseDatabase}): the service
 * starts on it (so Flyway's baseline and migrations ran and Hibernate's {@code validate} accepted the result), the
 * history says so, and the completed task that release stored (stream record, training record, examples, accounted
 * rows, curve points) is still there, readable through the entities and the REST view, and the tables and their id
 * sequences take new rows without colliding with the old ones. Run on H2 ({@link H2PreviousReleaseUpgradeTest}) and
 * on PostgreSQL ({@link PostgresPreviousReleaseUpgradeTest}).
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
        assertThat(applied).extracting(m -> m.getVersion().getVersion()).contains("2");
        assertThat(applied).allSatisfy(m -> assertThat(m.getState().isFailed()).isFalse());
    }

    @Test
    void theCompletedTaskOfThePreviousReleaseSurvivesTheUpgrade() {
        QuarkusTransaction.requiringNew().run(() -> {
            TaskStream stream = TaskStream.findById("prev-task");
            assertThat(stream.retrieved).isEqualTo(3);
            assertThat(stream.duplicates).isEqualTo(1);
            assertThat(stream.createdAt).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));

            TaskTraining training = TaskTraining.findById("prev-task");
            assertThat(training.status).isEqualTo(TaskStatus.COMPLETED);
            assertThat(training.bestScore).isEqualTo(0.75);
            assertThat(training.completionReason).isEqualTo("ROW_COUNT");

            List<StoredExample> examples = StoredExample.list("taskId = ?1 order by id", "prev-task");
            assertThat(examples).extracting(e -> e.exampleId).containsExactly("prev-ex-1", "prev-ex-2", "prev-ex-3");
            assertThat(examples.get(1).output).isEqualTo("negative");
            assertThat(AccountedRow.count("taskId", "prev-task")).isEqualTo(3);
            assertThat(CurvePoint.count("taskId", "prev-task")).isEqualTo(2);
        });
        given().get("/tasks/prev-task").then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("taskType", equalTo("classification"));
    }

    @Test
    void newRowsTakeIdsAfterThoseOfThePreviousRelease() {
        Long id = QuarkusTransaction.requiringNew().call(() -> {
            StoredExample e = new StoredExample();
            e.exampleId = "new-ex-1";
            e.taskId = "new-task";
            e.inputJson = "{\"sentence\":\"new since the upgrade\"}";
            e.output = "positive";
            e.persist();
            CurvePoint p = new CurvePoint();
            p.taskId = "new-task";
            p.kind = CurvePoint.Kind.LOSS;
            p.step = 1;
            p.value = 0.5;
            p.persist();
            new AccountedRow("new-task", "prev_sst/default/0", AccountedRow.Outcome.EXAMPLE).persist();
            return e.id;
        });
        assertThat(id).isGreaterThan(3);
        QuarkusTransaction.requiringNew().run(() ->
                assertThat(StoredExample.count()).isEqualTo(4));
    }

    /**
     * Hibernate's validation does not compare an enum column's allowed values (a check constraint on PostgreSQL, an
     * enum type on H2) with the Java enum, so a constant added without its migration would fail only when first
     * written; this writes every constant through the upgraded schema.
     */
    @Test
    void everyConstantOfTheEntitiesEnumsFitsItsColumn() {
        for (TaskStatus status : TaskStatus.values()) {
            QuarkusTransaction.requiringNew().run(() -> {
                TaskTraining t = new TaskTraining();
                t.taskId = "enum-" + status;
                t.status = status;
                t.persist();
            });
        }
        for (AccountedRow.Outcome outcome : AccountedRow.Outcome.values()) {
            QuarkusTransaction.requiringNew().run(() ->
                    new AccountedRow("enum-task", "row-" + outcome, outcome).persist());
        }
        for (CurvePoint.Kind kind : CurvePoint.Kind.values()) {
            QuarkusTransaction.requiringNew().run(() -> {
                CurvePoint p = new CurvePoint();
                p.taskId = "enum-task";
                p.kind = kind;
                p.persist();
            });
        }
        QuarkusTransaction.requiringNew().run(() -> {
            assertThat(TaskTraining.count("taskId like ?1", "enum-%")).isEqualTo(TaskStatus.values().length);
            assertThat(CurvePoint.count("taskId", "enum-task")).isEqualTo(CurvePoint.Kind.values().length);
        });
    }
}
