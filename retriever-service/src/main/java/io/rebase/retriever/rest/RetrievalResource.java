package io.rebase.retriever.rest;

import io.rebase.contracts.InvalidTaskRequestException;
import io.rebase.contracts.TaskIds;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskRequestParser;
import io.rebase.retriever.retrieval.RetrievalService;
import io.rebase.retriever.service.TaskIntake;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Map;

/** A dry run of the retrieval: what a task would get, without publishing anything. */
@Path("/retrievals")
public class RetrievalResource {

    private final RetrievalService retrieval;

    public RetrievalResource(RetrievalService retrieval) {
        this.retrieval = retrieval;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Preview a task's retrieval", description = "Runs the retrieval and selection for a task request and "
            + "returns the selection (rows, signals, dataset mix, latency) without publishing. exact=true searches by brute force.")
    public Response preview(String body, @QueryParam("exact") @DefaultValue("false") boolean exact) {
        TaskRequest request;
        try {
            request = TaskRequestParser.parse(body);
        } catch (InvalidTaskRequestException e) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Map.of("error", e.getMessage(), "field", e.firstField())).build();
        }
        TaskRequest withId = request.taskId() == null ? request.withTaskId(TaskIds.newId()) : request;
        return Response.ok(retrieval.retrieve(withId, exact).selection()).build();
    }
}
