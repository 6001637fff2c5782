package io.rebase.retriever.rest;

import io.rebase.retriever.domain.ConfigEntity;
import io.rebase.retriever.domain.DatasetEntity;
import io.rebase.retriever.embedding.Embedder;
import io.rebase.retriever.ingest.IngestService;
import io.rebase.retriever.ingest.IngestStats;
import io.rebase.retriever.ingest.PathOutsideDatastoreException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The datastore registry: ingest dataset folders and see what is ingested. */
@Path("/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    /** The body of {@code POST /datasets}. */
    public record IngestRequest(String path) {
    }

    private final IngestService ingest;
    private final Embedder embedder;

    public DatasetResource(IngestService ingest, Embedder embedder) {
        this.ingest = ingest;
        this.embedder = embedder;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ingest datasets", description = "Ingests a dataset folder relative to the datastore root "
            + "(path \"esnli\"), or every folder (path \"*\"). 202 with the dataset names when scheduled; with wait=true, "
            + "200 with the run's figures and the datasets once done. 400 for a path outside the root, 404 for no such folder.")
    public Response ingest(IngestRequest request,
                           @Parameter(description = "wait for the ingest to finish") @QueryParam("wait") @DefaultValue("false") boolean wait)
            throws InterruptedException {
        if (request == null || request.path() == null || request.path().isBlank()) {
            return error(Response.Status.BAD_REQUEST, "path is required: a dataset folder relative to the datastore root, or \"*\"");
        }
        try {
            if (!wait) {
                List<String> names = ingest.schedule(request.path());
                return Response.accepted(Map.of("scheduled", names, "root", ingest.root().path().toString())).build();
            }
            IngestStats stats = ingest.ingestNow(request.path());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("stats", stats);
            body.put("datasets", list());
            return Response.ok(body).build();
        } catch (PathOutsideDatastoreException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        } catch (NoSuchFileException e) {
            return error(Response.Status.NOT_FOUND, e.getMessage());
        }
    }

    @GET
    @Operation(summary = "List datasets", description = "Every registered dataset with its configs, row and cell counts, status, skipped rows and errors.")
    public List<DatasetView> list() {
        List<ConfigEntity> configs = ConfigEntity.listAll();
        return DatasetEntity.<DatasetEntity>listAll().stream()
                .sorted(java.util.Comparator.comparing(d -> d.name))
                .map(d -> DatasetView.of(d, configs.stream().filter(c -> d.name.equals(c.dataset))
                        .sorted(java.util.Comparator.comparing(c -> c.name)).toList()))
                .toList();
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One dataset", description = "404 when it is not registered.")
    public Response get(@PathParam("name") String name) {
        DatasetEntity d = DatasetEntity.findById(name);
        if (d == null) {
            return error(Response.Status.NOT_FOUND, "no dataset '" + name + "'");
        }
        return Response.ok(DatasetView.of(d, ConfigEntity.list("dataset", name))).build();
    }

    @GET
    @Path("/embedding-rate")
    @Operation(summary = "Raw embedding rate", description = "Embeds up to `sample` stored cells (1 to "
            + MAX_EMBEDDING_RATE_SAMPLE + ") in a tight loop and returns texts/s: the yardstick for the ingest rate.")
    public Response embeddingRate(@QueryParam("sample") @DefaultValue("2000") int sample) {
        String problem = sampleProblem(sample);
        if (problem != null) {
            return error(Response.Status.BAD_REQUEST, problem);
        }
        return Response.ok(Map.of("model", embedder.name(), "texts", sample,
                "textsPerSecond", ingest.rawEmbeddingRate(sample))).build();
    }

    /** The most cells one embedding-rate call embeds: enough for a stable rate, bounded work per request. */
    static final int MAX_EMBEDDING_RATE_SAMPLE = 5_000;

    /** Why {@code sample} is refused, or null. */
    static String sampleProblem(int sample) {
        return sample < 1 || sample > MAX_EMBEDDING_RATE_SAMPLE
                ? "sample must be between 1 and " + MAX_EMBEDDING_RATE_SAMPLE + ", was " + sample : null;
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("error", message)).build();
    }
}
