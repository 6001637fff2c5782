package io.rebase.transformer.rest;

import io.rebase.transformer.domain.TaskTotals;
import io.rebase.transformer.service.TransformStats;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** This replica's transformation totals per task. */
@Path("/tasks")
@Tag(name = "transform statistics")
public class TaskStatsResource {

    private final TransformStats stats;

    public TaskStatsResource(TransformStats stats) {
        this.stats = stats;
    }

    @GET
    @Path("/{taskId}/stats")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "This replica's running totals for a task",
            description = "Rows transformed, rejected per reason, dead-lettered, LLM tokens and estimated cost. "
                    + "Each replica counts its own rows; TRANSFORM_PROGRESS events carry the same totals per replica.")
    @APIResponse(responseCode = "200", description = "the totals")
    @APIResponse(responseCode = "404", description = "this replica has processed no row of the task")
    public TaskTotals stats(@PathParam("taskId") String taskId) {
        TaskTotals totals = stats.totals(taskId);
        if (totals == null) {
            throw new NotFoundException("no rows of task " + taskId + " processed by this replica");
        }
        return totals;
    }
}
