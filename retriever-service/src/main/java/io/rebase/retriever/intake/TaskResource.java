package io.rebase.retriever.intake;

import io.rebase.commons.messaging.AckedSend;
import io.rebase.contracts.TaskRequest;
import io.rebase.retriever.registry.Registry;
import io.rebase.contracts.TaskIds;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Tasks over HTTP: a request accepted by {@link TaskIntake} is produced to {@code task-requests} like any other (an
 * invalid one gets 400, see {@link InvalidTaskRequestMapper}); a task's stored selection is read back; a task is
 * cancelled ({@link TaskCancellation}).
 */
@Path("/tasks")
public class TaskResource {

    private final Emitter<TaskRequest> requests;
    private final TaskIntake intake;
    private final Registry registry;
    private final TaskCancellation cancellation;

    public TaskResource(@Channel("task-requests-out") Emitter<TaskRequest> requests, TaskIntake intake, Registry registry,
                        TaskCancellation cancellation) {
        this.requests = requests;
        this.intake = intake;
        this.registry = registry;
        this.cancellation = cancellation;
    }

    @DELETE
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel a task", description = "Publishes one CANCELLED event: retrieval, transformation and "
            + "training of the task stop, the trainer frees its slot, the examples stored so far stay exportable. "
            + "202 when cancelled now (also a task not seen yet: its request will not run); 200 without effect when it "
            + "was cancelled before; 409 without effect when it already completed or failed; 400 for an invalid id.")
    public Response cancel(@PathParam("id") String id) {
        Optional<String> problem = TaskIds.problem(id);
        if (problem.isPresent()) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Map.of("error", "task id " + problem.get())).build();
        }
        TaskCancellation.Outcome outcome = cancellation.cancel(id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("taskId", id);
        body.put("status", outcome.end().outcome().name());
        body.put("cancelledNow", outcome.effect() == TaskCancellation.Effect.CANCELLED);
        body.put(outcome.effect() == TaskCancellation.Effect.ALREADY_ENDED ? "error" : "message", outcome.message());
        Response.Status status = switch (outcome.effect()) {
            case CANCELLED -> Response.Status.ACCEPTED;
            case ALREADY_CANCELLED -> Response.Status.OK;
            case ALREADY_ENDED -> Response.Status.CONFLICT;
        };
        return Response.status(status).entity(body).build();
    }

    @GET
    @Path("/{id}/candidates")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A task's candidate rows", description = "The rows selected for the task in rank order, with their "
            + "signals (input, output, description, labels, extractive), matched columns, the dataset mix and what was dropped. "
            + "404 until the retrieval has run.")
    public Response candidates(@PathParam("id") String id) {
        return registry.selectionJson(id).map(json -> Response.ok(json).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
                        .entity(Map.of("error", "no selection for task '" + id + "'")).build());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a task", description = "Validates the request (400 naming the field when invalid) and publishes it on task-requests.")
    public Response submit(String body) throws Exception {
        TaskRequest request = intake.accept(body);
        AckedSend.send(requests, request.taskId(), request).get(30, TimeUnit.SECONDS);
        return Response.accepted(Map.of("taskId", request.taskId())).build();
    }
}
