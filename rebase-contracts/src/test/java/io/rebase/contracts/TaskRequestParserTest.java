package io.rebase.contracts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskRequestParserTest {

    static final String VALID = """
            {"taskId":"t-1","instruction":"Classify sentiment","taskType":"classification",
             "labels":["positive","negative"],
             "examples":[{"input":{"text":"great film"},"output":"positive"},
                         {"input":{"text":"dull"},"output":"Negative ","rationale":"dull means bad"}]}
            """;

    @Test
    void parsesAValidRequest() {
        TaskRequest request = TaskRequestParser.parse(VALID);
        assertThat(request.taskType()).isEqualTo(TaskType.CLASSIFICATION);
        assertThat(request.inputFields()).containsExactly("text");
        assertThat(request.examples().get(1).rationale()).isEqualTo("dull means bad");
    }

    @Test
    void bundledSampleTasksAreValid() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("../samples/tasks"))) {
            var paths = files.filter(p -> p.toString().endsWith(".json")).toList();
            assertThat(paths).isNotEmpty();
            for (Path p : paths) {
                assertThat(TaskRequestParser.parse(Files.readString(p)).instruction()).as(p.toString()).isNotBlank();
            }
        }
    }

    static Stream<Arguments> badRequests() {
        String big = "x".repeat(10 * 1024 * 1024);
        return Stream.of(
                Arguments.of("malformed JSON", "{\"instruction\": \"a\", ", "(message)", "malformed JSON"),
                Arguments.of("not an object", "[1,2]", "(message)", "wrong type"),
                Arguments.of("empty", "   ", "(message)", "empty message"),
                Arguments.of("missing instruction",
                        "{\"taskType\":\"generation\",\"examples\":[{\"input\":{\"q\":\"a\"},\"output\":\"b\"}]}",
                        "instruction", "is required"),
                Arguments.of("unknown task type",
                        "{\"instruction\":\"i\",\"taskType\":\"summarise\",\"examples\":[{\"input\":{\"q\":\"a\"},\"output\":\"b\"}]}",
                        "taskType", "unknown task type 'summarise'"),
                Arguments.of("10 MB instruction",
                        "{\"instruction\":\"" + big + "\",\"taskType\":\"generation\",\"examples\":[]}",
                        "instruction", "exceeds the limit"),
                Arguments.of("instruction over the limit",
                        "{\"instruction\":\"" + "y".repeat(9000) + "\",\"taskType\":\"generation\",\"examples\":[{\"input\":{\"q\":\"a\"},\"output\":\"b\"}]}",
                        "instruction", "the limit is 8000"),
                Arguments.of("instruction is a number",
                        "{\"instruction\":{\"a\":1},\"taskType\":\"generation\",\"examples\":[{\"input\":{\"q\":\"a\"},\"output\":\"b\"}]}",
                        "instruction", "expected a string"),
                Arguments.of("examples is a string",
                        "{\"instruction\":\"i\",\"taskType\":\"generation\",\"examples\":\"none\"}",
                        "examples", "expected an array"),
                Arguments.of("topRows is text",
                        "{\"instruction\":\"i\",\"taskType\":\"generation\",\"examples\":[{\"input\":{\"q\":\"a\"},\"output\":\"b\"}],\"retrieval\":{\"topRows\":\"many\"}}",
                        "retrieval.topRows", "cannot read 'many'"),
                Arguments.of("unknown field",
                        "{\"instruction\":\"i\",\"taskType\":\"generation\",\"colour\":\"red\",\"examples\":[{\"input\":{\"q\":\"a\"},\"output\":\"b\"}]}",
                        "colour", "unknown field 'colour'"),
                Arguments.of("no examples",
                        "{\"instruction\":\"i\",\"taskType\":\"generation\",\"examples\":[]}",
                        "examples", "at least one example"),
                Arguments.of("missing output",
                        "{\"instruction\":\"i\",\"taskType\":\"generation\",\"examples\":[{\"input\":{\"q\":\"a\"}}]}",
                        "examples[0].output", "is required"),
                Arguments.of("label outside label set",
                        "{\"instruction\":\"i\",\"taskType\":\"classification\",\"labels\":[\"a\",\"b\"],\"examples\":[{\"input\":{\"q\":\"x\"},\"output\":\"c\"}]}",
                        "examples[0].output", "is not one of labels"),
                Arguments.of("classification without labels",
                        "{\"instruction\":\"i\",\"taskType\":\"classification\",\"examples\":[{\"input\":{\"q\":\"x\"},\"output\":\"c\"}]}",
                        "labels", "at least two labels"),
                Arguments.of("QA answer not in context",
                        "{\"instruction\":\"i\",\"taskType\":\"extractive-qa\",\"examples\":[{\"input\":{\"question\":\"q\",\"context\":\"the sky is blue\"},\"output\":\"green\"}]}",
                        "examples[0].output", "span of the context"),
                Arguments.of("MC answer not an option",
                        "{\"instruction\":\"i\",\"taskType\":\"multiple-choice\",\"examples\":[{\"input\":{\"question\":\"q\",\"choices\":\"(A) x (B) y\"},\"output\":\"C\"}]}",
                        "examples[0].output", "must name one of the choices [A, B]"),
                Arguments.of("hostile field name",
                        "{\"instruction\":\"i\",\"taskType\":\"generation\",\"examples\":[{\"input\":{\"<script>\":\"a\"},\"output\":\"b\"}]}",
                        "examples[0].input", "must start with a letter"),
                Arguments.of("bad task id",
                        "{\"taskId\":\"../../etc\",\"instruction\":\"i\",\"taskType\":\"generation\",\"examples\":[{\"input\":{\"q\":\"a\"},\"output\":\"b\"}]}",
                        "taskId", "hold only letters"),
                Arguments.of("share out of range",
                        "{\"instruction\":\"i\",\"taskType\":\"generation\",\"examples\":[{\"input\":{\"q\":\"a\"},\"output\":\"b\"}],\"retrieval\":{\"maxDatasetShare\":2}}",
                        "retrieval.maxDatasetShare", "outside"),
                Arguments.of("bad transform mode",
                        "{\"instruction\":\"i\",\"taskType\":\"generation\",\"examples\":[{\"input\":{\"q\":\"a\"},\"output\":\"b\"}],\"transform\":{\"mode\":\"magic\"}}",
                        "transform.mode", "is not one of"),
                Arguments.of("mismatched example fields",
                        "{\"instruction\":\"i\",\"taskType\":\"generation\",\"examples\":[{\"input\":{\"q\":\"a\"},\"output\":\"b\"},{\"input\":{\"r\":\"a\"},\"output\":\"b\"}]}",
                        "examples[1].input", "but examples[0] has"),
                Arguments.of("student model climbing out",
                        "{\"instruction\":\"i\",\"taskType\":\"generation\",\"examples\":[{\"input\":{\"q\":\"a\"},\"output\":\"b\"}],\"training\":{\"studentModel\":\"models/../../etc\"}}",
                        "training.studentModel", "without '..' segments"),
                Arguments.of("student model with a control character",
                        "{\"instruction\":\"i\",\"taskType\":\"generation\",\"examples\":[{\"input\":{\"q\":\"a\"},\"output\":\"b\"}],\"training\":{\"studentModel\":\"m\\u0000x\"}}",
                        "training.studentModel", "control characters"),
                Arguments.of("trailing garbage",
                        "{\"instruction\":\"i\",\"taskType\":\"generation\",\"examples\":[{\"input\":{\"q\":\"a\"},\"output\":\"b\"}]} xyz",
                        "(message)", "malformed JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void rejectsBadRequestsNamingTheField(String name, String json, String field, String message) {
        assertThatThrownBy(() -> TaskRequestParser.parse(json))
                .isInstanceOf(InvalidTaskRequestException.class)
                .satisfies(e -> {
                    InvalidTaskRequestException invalid = (InvalidTaskRequestException) e;
                    assertThat(invalid.firstField()).isEqualTo(field);
                    assertThat(invalid.getMessage()).contains(message);
                });
    }
}
