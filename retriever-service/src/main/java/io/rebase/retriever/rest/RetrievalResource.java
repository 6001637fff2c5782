package io.rebase.retriever.rest;

import io.rebase.retriever.intake.TaskIntake;
import io.rebase.retriever.retrieval.Retrieval;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A dry run of the retrieval: what a task would get, without publishing anything. */
@Path("/retrievals")
public class RetrievalResource {

    private final TaskIntake intake;
    private final Retrieval retrieval;

    public RetrievalResource(TaskIntake intake, Retrieval retrieval) {
        this.intake = intake;
        this.retrieval = retrieval;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Preview a task's retrieval", description = "Runs the retrieval and selection for a task request and "
            + "returns the selection (rows, signals, dataset mix, latency) without publishing; 400 naming the field when the "
            + "request is invalid. exact=true searches by brute force.")
    public Response preview(String body, @QueryParam("exact") @DefaultValue("false") boolean exact) {
        return Response.ok(retrieval.retrieve(intake.accept(body), exact).selection()).build();
    }
}
