package io.rebase.retriever.intake;

import io.rebase.commons.messaging.AckedSend;
import io.rebase.contracts.TaskRequest;
import io.rebase.retriever.registry.Registry;
import jakarta.ws.rs.Consumes;
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

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Tasks over HTTP: a request accepted by {@link TaskIntake} is produced to {@code task-requests} like any other (an
 * invalid one gets 400, see {@link InvalidTaskRequestMapper}); a task's stored selection is read back.
 */
@Path("/tasks")
public class TaskResource {

    private final Emitter<TaskRequest> requests;
    private final TaskIntake intake;
    private final Registry registry;

    public TaskResource(@Channel("task-requests-out") Emitter<TaskRequest> requests, TaskIntake intake, Registry registry) {
        this.requests = requests;
        this.intake = intake;
        this.registry = registry;
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
