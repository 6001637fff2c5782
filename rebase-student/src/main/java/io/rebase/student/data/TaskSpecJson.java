package io.rebase.student.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rebase.contracts.TaskType;
import java.util.ArrayList;
import java.util.List;

/** JSON form of a {@link TaskSpec}, as stored in checkpoints. */
public final class TaskSpecJson {

    private TaskSpecJson() {}

    /** Serialises a spec. */
    public static JsonObject toJson(TaskSpec spec) {
        JsonObject o = new JsonObject();
        o.addProperty("task_type", spec.type().wireName());
        JsonArray labels = new JsonArray();
        spec.labels().forEach(labels::add);
        o.add("labels", labels);
        JsonObject roles = new JsonObject();
        roles.addProperty("first", spec.roles().first());
        roles.addProperty("second", spec.roles().second());
        roles.addProperty("choices", spec.roles().choices());
        o.add("field_roles", roles);
        o.addProperty("max_seq_length", spec.maxSeqLength());
        o.addProperty("doc_stride", spec.docStride());
        o.addProperty("max_answer_tokens", spec.maxAnswerTokens());
        return o;
    }

    /** Parses what {@link #toJson} wrote. */
    public static TaskSpec fromJson(JsonObject o) {
        List<String> labels = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("labels")) {
            labels.add(e.getAsString());
        }
        JsonObject r = o.getAsJsonObject("field_roles");
        FieldRoles roles = new FieldRoles(str(r, "first"), str(r, "second"), str(r, "choices"));
        String type = o.get("task_type").getAsString();
        return new TaskSpec(TaskType.parse(type).orElseThrow(() -> new IllegalArgumentException(
                        "unknown task_type '" + type + "' in the task spec, expected one of " + TaskType.wireNames())),
                labels, roles,
                o.get("max_seq_length").getAsInt(), o.get("doc_stride").getAsInt(), o.get("max_answer_tokens").getAsInt());
    }

    /** Parses a JSON string. */
    public static TaskSpec fromJson(String json) {
        return fromJson(JsonParser.parseString(json).getAsJsonObject());
    }

    private static String str(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
