package io.rebase.retriever.intake;

import io.rebase.contracts.InvalidTaskRequestException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.Map;

/** An invalid task request sent over HTTP: 400 with the message, the first field at fault and every violation. */
@Provider
public class InvalidTaskRequestMapper implements ExceptionMapper<InvalidTaskRequestException> {

    @Override
    public Response toResponse(InvalidTaskRequestException e) {
        return Response.status(Response.Status.BAD_REQUEST)
                .entity(Map.of("error", e.getMessage(), "field", e.firstField(), "violations", e.violations()))
                .build();
    }
}
