package io.rebase.trainer.rest;

import io.rebase.contracts.Json;
import io.rebase.contracts.TaskRequest;
import io.rebase.trainer.domain.StoredExample;
import io.rebase.trainer.domain.TaskStream;
import io.rebase.trainer.domain.TaskTraining;
import io.rebase.trainer.state.Examples;
import io.rebase.trainer.serving.DecoderServing;
import io.rebase.trainer.serving.ModelServing;
import io.rebase.trainer.report.ReportWriter;
import io.rebase.trainer.report.TaskView;
import io.rebase.trainer.report.TaskViews;
import io.rebase.trainer.state.TaskQueries;
import io.rebase.trainer.state.TrainingRepository;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Task status, predictions, model download, example export and reports. */
@Path("/tasks")
@Tag(name = "tasks", description = "Trained task experts")
@Blocking
public class TaskResource {

    /** Export rows keep null cells: every line has the same columns. */
    private static final com.fasterxml.jackson.databind.ObjectMapper ROWS = Json.mapper().copy()
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS);

    private final TaskViews views;
    private final TrainingRepository store;
    private final TaskQueries queries;
    private final ModelServing serving;
    private final ReportWriter reports;
    private final DecoderServing decoderServing;

    public TaskResource(TaskViews views, TrainingRepository store, TaskQueries queries, ModelServing serving,
                        ReportWriter reports, DecoderServing decoderServing) {
        this.decoderServing = decoderServing;
        this.views = views;
        this.store = store;
        this.queries = queries;
        this.serving = serving;
        this.reports = reports;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every task the trainer knows (summaries, newest first)")
    public List<TaskView> list() {
        return views.list();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A task's status, counts, loss and evaluation curves, metrics and baseline")
    @APIResponse(responseCode = "404", description = "unknown task")
    public Response get(@PathParam("id") String id) {
        return views.find(id).map(v -> Response.ok(v).build()).orElseGet(() -> notFound(id));
    }

    @POST
    @Path("{id}/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Predicts with the task's best model: a label, an answer span or an option")
    @APIResponse(responseCode = "400", description = "missing or empty input field (named in the body)")
    @APIResponse(responseCode = "404", description = "unknown task")
    @APIResponse(responseCode = "409", description = "no trained model yet")
    public Response predict(@PathParam("id") String id, PredictRequest body) {
        TaskStream stream = store.stream(id);
        if (stream == null) {
            return notFound(id);
        }
        if (body == null || body.input() == null) {
            return Response.status(400).entity(new ErrorResponse("input: required, an object of field name to text", "input")).build();
        }
        TaskTraining t = store.findTraining(id);
        if (t == null) {
            return Response.status(409).entity(new ErrorResponse("task " + id + " has no trained model yet", null)).build();
        }
        try {
            String type = stream.requestJson == null ? null : Json.read(stream.requestJson, TaskRequest.class).taskType().wireName();
            java.nio.file.Path served = serving.servingPath(t);
            if (DecoderServing.serves(served)) {
                return Response.ok(GenerationResponse.of(id, type, decoderServing.predict(id, served, body.input()))).build();
            }
            var prediction = serving.predict(t, body.input());
            return Response.ok(PredictResponse.of(id, type, prediction)).build();
        } catch (ModelServing.NotReady e) {
            return Response.status(409).entity(new ErrorResponse(e.getMessage(), null)).build();
        } catch (ModelServing.BadInput e) {
            String field = e.getMessage().substring(0, e.getMessage().indexOf(':'));
            return Response.status(400).entity(new ErrorResponse(e.getMessage(), field)).build();
        }
    }

    @GET
    @Path("{id}/model")
    @Produces("application/zip")
    @Operation(summary = "The served checkpoint as a zip: config.json, model.safetensors, tokenizer.json, student_task.json")
    @APIResponse(responseCode = "404", description = "unknown task")
    @APIResponse(responseCode = "409", description = "no trained model yet")
    public Response model(@PathParam("id") String id) {
        if (store.stream(id) == null) {
            return notFound(id);
        }
        TaskTraining t = store.findTraining(id);
        java.nio.file.Path dir = t == null ? null : serving.servingPath(t);
        if (dir == null) {
            return Response.status(409).type(MediaType.APPLICATION_JSON)
                    .entity(new ErrorResponse("task " + id + " has no trained model yet", null)).build();
        }
        StreamingOutput zip = out -> {
            try (ZipOutputStream z = new ZipOutputStream(out); Stream<java.nio.file.Path> files = Files.list(dir)) {
                for (java.nio.file.Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    z.putNextEntry(new ZipEntry(id + "/" + f.getFileName()));
                    Files.copy(f, z);
                    z.closeEntry();
                }
            }
        };
        return Response.ok(zip).header("Content-Disposition", "attachment; filename=\"" + id + "-model.zip\"").build();
    }

    @GET
    @Path("{id}/examples")
    @Produces("application/x-ndjson")
    @Operation(summary = "The task's examples as JSON lines that Hugging Face datasets loads as is: input fields as columns, "
            + "rationale, output and source columns")
    @APIResponse(responseCode = "404", description = "unknown task")
    public Response examples(@PathParam("id") String id) {
        if (store.stream(id) == null) {
            return notFound(id);
        }
        StreamingOutput lines = out -> {
            // every line carries the same columns, in the same order, so that the loader infers one schema
            Set<String> fields = new LinkedHashSet<>();
            int page = 500;
            for (int offset = 0; ; offset += page) {
                List<StoredExample> chunk = queries.all(id, offset, page);
                chunk.forEach(e -> fields.addAll(Examples.input(e).keySet()));
                if (chunk.size() < page) {
                    break;
                }
            }
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            for (int offset = 0; ; offset += page) {
                List<StoredExample> chunk = queries.all(id, offset, page);
                for (StoredExample e : chunk) {
                    Map<String, String> input = Examples.input(e);
                    Map<String, Object> row = new LinkedHashMap<>();
                    fields.forEach(f -> row.put(f, input.get(f)));
                    row.put("rationale", e.rationale == null ? "" : e.rationale);
                    row.put("output", e.output);
                    row.put("example_id", e.exampleId);
                    row.put("source_row_id", e.rowId);
                    row.put("source_dataset", e.dataset);
                    row.put("source_config", e.datasetConfig);
                    row.put("source_row_index", e.rowIndex);
                    row.put("mode", e.mode);
                    try {
                        w.write(ROWS.writeValueAsString(row));
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                    w.write('\n');
                }
                if (chunk.size() < page) {
                    break;
                }
            }
            w.flush();
        };
        return Response.ok(lines).header("Content-Disposition", "attachment; filename=\"" + id + "-examples.jsonl\"").build();
    }

    @GET
    @Path("{id}/report")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The task's HTML report with inline SVG plots (loss, evaluation, dataset mix)")
    @APIResponse(responseCode = "404", description = "unknown task")
    public Response reportHtml(@PathParam("id") String id) {
        return reports.html(id).map(h -> Response.ok(h, MediaType.TEXT_HTML).build())
                .orElseGet(() -> Response.status(404).type(MediaType.TEXT_PLAIN).entity("unknown task " + id).build());
    }

    @GET
    @Path("{id}/report.json")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The task's JSON report: counts, timings, retrieval mix, curves, metrics against the baseline")
    @APIResponse(responseCode = "404", description = "unknown task")
    public Response reportJson(@PathParam("id") String id) {
        return reports.json(id).map(j -> Response.ok(j, MediaType.APPLICATION_JSON).build()).orElseGet(() -> notFound(id));
    }

    private static Response notFound(String id) {
        return Response.status(404).type(MediaType.APPLICATION_JSON).entity(new ErrorResponse("unknown task " + id, null)).build();
    }
}
