package io.rebase.retriever.retrieval;

import io.rebase.retriever.registry.RegisteredConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.rebase.retriever.retrieval.PlanFixtures.config;
import static io.rebase.retriever.retrieval.PlanFixtures.generationTask;
import static io.rebase.retriever.retrieval.PlanFixtures.plan;
import static io.rebase.retriever.retrieval.PlanFixtures.sentimentTask;
import static org.assertj.core.api.Assertions.assertThat;

/** The settings, exclusions and foreign-label rule one task's retrieval works with. */
class RetrievalPlanTest {

    private static final List<RegisteredConfig> CONFIGS = List.of(
            config("sst2/default", List.of("positive", "negative")),
            config("subj/default", List.of("subjective", "objective")),
            config("mixed/reviews", List.of("positive", "negative")),
            config("mixed/facts", List.of("subjective", "objective")),
            config("squad/default", List.of()),
            config("old/default", List.of("positive", "negative"), "another-model"));

    @Test
    void theRequestOverridesTheDefaultsItNames() {
        RetrievalPlan plan = plan(generationTask("""
                {"topRows": 40, "maxDatasetShare": 0.5, "inputWeight": 2.0, "nearDuplicateThreshold": 0.9}"""), CONFIGS);

        assertThat(plan.topRows()).isEqualTo(40);
        assertThat(plan.maxDatasetShare()).isEqualTo(0.5);
        assertThat(plan.maxPerDataset()).isEqualTo(20);
        assertThat(plan.nearDuplicateThreshold()).isEqualTo(0.9);
        // only the three ReBase weights can be set per request; the task-type signals keep their configured weights
        assertThat(plan.weights()).isEqualTo(new Weights(2.0, 1, 1.5, 2.0, 1.0, 1.0));
        assertThat(plan.exact()).isFalse();
    }

    @Test
    void withoutARetrievalBlockTheDefaultsHold() {
        RetrievalPlan plan = plan(generationTask(null), CONFIGS);

        assertThat(plan.topRows()).isEqualTo(3000);
        assertThat(plan.maxPerDataset()).isEqualTo(900);
        assertThat(plan.weights()).isEqualTo(PlanFixtures.DEFAULTS.weights());
        assertThat(plan.excluded()).isEmpty();
        assertThat(plan.search()).isEqualTo(PlanFixtures.DEFAULTS.search());
    }

    @Test
    void theShareCapIsAtLeastOneRow() {
        assertThat(plan(generationTask("{\"topRows\": 2, \"maxDatasetShare\": 0.1}"), CONFIGS).maxPerDataset()).isEqualTo(1);
    }

    @Test
    void datasetsExcludedByNameAreLeftOutWhateverTheCaseAndEvenBeforeTheyAreIngested() {
        RetrievalPlan plan = plan(generationTask("{\"excludeDatasets\": [\" SST2 \", \"later\"]}"), CONFIGS);

        assertThat(plan.excludedByName()).containsExactly("sst2");
        assertThat(plan.excluded()).contains("sst2", "SST2", "later");
        assertThat(plan.admits("sst2", "sst2/default")).isFalse();
        assertThat(plan.admits("Sst2", "Sst2/default")).isFalse();
        assertThat(plan.admits("later", "later/default")).isFalse();
        assertThat(plan.admits("subj", "subj/default")).isTrue();
    }

    @Test
    void configsOfAnotherModelAreNeitherScoredNorDrawnFrom() {
        RetrievalPlan plan = plan(generationTask(null), CONFIGS);

        assertThat(plan.otherModel()).containsExactly("old/default");
        assertThat(plan.configs()).doesNotContainKey("old/default").containsKey("sst2/default");
        assertThat(plan.labelsByConfig()).doesNotContainKey("old/default");
        assertThat(plan.admits("old", "old/default")).isFalse();
    }

    @Test
    void aClassificationTaskSkipsConfigsOfForeignLabelsAndDoesNotSearchWhollyForeignDatasets() {
        RetrievalPlan plan = plan(sentimentTask(null, null), CONFIGS);

        assertThat(plan.foreignConfigs()).containsExactly("mixed/facts", "subj/default");
        // subj holds foreign configs only: not searched; mixed has a config that shares the task's labels
        assertThat(plan.excluded()).containsExactly("subj");
        assertThat(plan.admits("mixed", "mixed/facts")).isFalse();
        assertThat(plan.admits("mixed", "mixed/reviews")).isTrue();
        assertThat(plan.foreignRowsSkipped()).isEqualTo(1);
    }

    @Test
    void aTaskWhoseRowsAnLlmRelabelsKeepsThem() {
        RetrievalPlan plan = plan(sentimentTask(null, "{\"mode\": \"llm\"}"), CONFIGS);

        assertThat(plan.foreignConfigs()).isEmpty();
        assertThat(plan.excluded()).isEmpty();
        assertThat(plan.admits("subj", "subj/default")).isTrue();
    }

    @Test
    void whenNoIncludedConfigSharesALabelNothingIsSkipped() {
        RetrievalPlan plan = plan(sentimentTask("{\"excludeDatasets\": [\"sst2\", \"mixed\"]}", null), CONFIGS);

        assertThat(plan.foreignConfigs()).isEmpty();
        assertThat(plan.excluded()).containsExactlyInAnyOrder("sst2", "mixed");
    }

    @Test
    void labelQuotasApplyToClassificationTasksOnly() {
        assertThat(plan(sentimentTask("{\"topRows\": 10}", null), CONFIGS).quotas().mix()).isEmpty();
        LabelQuotas quotas = plan(sentimentTask("{\"topRows\": 10}", null), CONFIGS).quotas();
        quotas.count("positive", "sst2");
        assertThat(quotas.mix()).containsEntry("positive", 1);
        LabelQuotas none = plan(generationTask("{\"topRows\": 10}"), CONFIGS).quotas();
        none.count(null, "sst2");
        assertThat(none.mix()).isEmpty();
    }
}
