package io.rebase.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import io.rebase.contracts.kafka.CandidateRowDeserializer;
import io.rebase.contracts.kafka.JsonSerializer;
import io.rebase.contracts.kafka.TaskEventDeserializer;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContractsTest {

    @Test
    void exampleIdIsDeterministicAndDependsOnTaskAndRow() {
        String a = TrainingExample.exampleIdOf("task-1", "esnli/default/7");
        assertThat(a).hasSize(32).isEqualTo(TrainingExample.exampleIdOf("task-1", "esnli/default/7"));
        assertThat(a).isNotEqualTo(TrainingExample.exampleIdOf("task-2", "esnli/default/7"))
                .isNotEqualTo(TrainingExample.exampleIdOf("task-1", "esnli/default/8"));
    }

    @Test
    void anExampleMadeFromARowCarriesItsSourceAndScoresAndOmitsUnknownScoresFromTheJson() {
        TaskRequest task = TaskRequestParser.parse(TaskRequestParserTest.VALID);
        RowScores scores = new RowScores(0.8, 0.7, 0.6, 0.7, "sentence", "label");
        CandidateRow row = new CandidateRow("sst2/default/3", "t-1", task, "sst2", "default", 3,
                Map.of("sentence", "nice", "label", "positive"), List.of("positive", "negative"), scores, 1);
        TrainingExample e = TrainingExample.fromRow(row, Map.of("sentence", "nice"), "", "positive", "mapping");
        assertThat(e.exampleId()).isEqualTo(TrainingExample.exampleIdOf("t-1", "sst2/default/3"));
        assertThat(e.source()).isEqualTo(new SourceRef("sst2/default/3", "sst2", "default", 3));
        assertThat(e.scores()).isEqualTo(scores);
        assertThat(Json.read(Json.write(e), TrainingExample.class)).isEqualTo(e);
        TrainingExample own = new TrainingExample("x", "t-1", Map.of("sentence", "nice"), "", "positive", null, "mapping");
        assertThat(Json.write(own)).doesNotContain("scores");
    }

    @Test
    void eventsRoundTripThroughKafkaSerdes() {
        TaskRequest task = TaskRequestParser.parse(TaskRequestParserTest.VALID);
        CandidateRow row = new CandidateRow("sst2/default/3", "t-1", task, "sst2", "default", 3,
                Map.of("sentence", "nice", "label", "positive"), List.of("positive", "negative"),
                new RowScores(0.8, 0.7, 0.6, 0.7, "sentence", "label"), 1);
        byte[] bytes = new JsonSerializer<CandidateRow>().serialize("candidate-rows", row);
        assertThat(new CandidateRowDeserializer().deserialize("candidate-rows", bytes)).isEqualTo(row);

        TaskEvent event = TaskEvent.retrieved("t-1", "retriever", 10, Map.of("datasetMix", Map.of("sst2", 10)));
        TaskEvent back = new TaskEventDeserializer().deserialize("task-events",
                new JsonSerializer<TaskEvent>().serialize("task-events", event));
        assertThat(back.type()).isEqualTo(TaskEventType.RETRIEVED);
        assertThat(back.count()).isEqualTo(10L);
        assertThat(back.timestamp()).isEqualTo(event.timestamp());
    }

    @Test
    void malformedEventBytesGiveAClearSerializationError() {
        assertThatThrownBy(() -> new TaskEventDeserializer().deserialize("task-events",
                "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot read TaskEvent from task-events");
    }

    @Test
    void jsonSchemaDescribesEveryTaskRequestComponent() throws Exception {
        JsonNode schema = Json.mapper().readTree(getClass().getResourceAsStream("/schemas/task-request.schema.json"));
        Set<String> schemaFields = new TreeSet<>();
        schema.get("properties").fieldNames().forEachRemaining(schemaFields::add);
        Set<String> recordFields = Arrays.stream(TaskRequest.class.getRecordComponents())
                .map(c -> c.getName()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(schemaFields).isEqualTo(recordFields);
        assertThat(schema.at("/properties/instruction/maxLength").asInt()).isEqualTo(TaskLimits.MAX_INSTRUCTION_LENGTH);
        assertThat(schema.at("/properties/examples/maxItems").asInt()).isEqualTo(TaskLimits.MAX_EXAMPLES);
        List<String> typeNames = Arrays.stream(TaskType.values()).map(TaskType::wireName).toList();
        List<String> schemaTypes = Json.mapper().convertValue(schema.at("/properties/taskType/enum"), List.class);
        assertThat(schemaTypes).isEqualTo(typeNames);
        assertNested(schema, "retrieval", RetrievalSettings.class);
        assertNested(schema, "transform", TransformSettings.class);
        assertNested(schema, "training", TrainingSettings.class);
        assertNested(schema, "evaluation", EvaluationSettings.class);
    }

    private static void assertNested(JsonNode schema, String name, Class<? extends Record> type) {
        Set<String> fields = new TreeSet<>();
        schema.at("/properties/" + name + "/properties").fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as(name).isEqualTo(Arrays.stream(type.getRecordComponents())
                .map(c -> c.getName()).collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void topicsIncludeADeadLetterTopicPerConsumedTopic() {
        assertThat(Topics.ALL).contains("candidate-rows-dlq", "task-requests-dlq", "training-examples-dlq");
    }
}
