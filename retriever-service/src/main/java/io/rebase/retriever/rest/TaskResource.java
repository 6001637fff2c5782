package io.rebase.retriever.rest;

import io.rebase.commons.messaging.AckedSend;
import io.rebase.contracts.InvalidTaskRequestException;
import io.rebase.contracts.RequestCaps;
import io.rebase.contracts.TaskIds;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskRequestParser;
import io.rebase.retriever.service.TaskIntake;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import io.rebase.retriever.domain.SelectionEntity;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Accepts task requests over HTTP: validated here, then produced to {@code task-requests} like any other. */
@Path("/tasks")
public class TaskResource {

    private final Emitter<TaskRequest> requests;

    private final RequestCaps caps;

    public TaskResource(@Channel("task-requests-out") Emitter<TaskRequest> requests, RequestCaps caps) {
        this.requests = requests;
        this.caps = caps;
    }

    @GET
    @Path("/{id}/candidates")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A task's candidate rows", description = "The rows selected for the task in rank order, with their "
            + "signals (input, output, description, labels, extractive), matched columns, the dataset mix and what was dropped. "
            + "404 until the retrieval has run.")
    public Response candidates(@PathParam("id") String id) {
        SelectionEntity selection = SelectionEntity.findById(id);
        if (selection == null) {
            return Response.status(Response.Status.NOT_FOUND).entity(Map.of("error", "no selection for task '" + id + "'")).build();
        }
        return Response.ok(selection.json).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a task", description = "Validates the request (400 naming the field when invalid) and publishes it on task-requests.")
    public Response submit(String body) throws Exception {
        TaskRequest request;
        try {
            request = TaskRequestParser.parse(body, caps);
        } catch (InvalidTaskRequestException e) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Map.of("error", e.getMessage(), "field", e.firstField(), "violations", e.violations()))
                    .build();
        }
        TaskRequest withId = request.taskId() == null ? request.withTaskId(TaskIds.newId()) : request;
        AckedSend.send(requests, withId.taskId(), withId).get(30, TimeUnit.SECONDS);
        return Response.accepted(Map.of("taskId", withId.taskId())).build();
    }
}
