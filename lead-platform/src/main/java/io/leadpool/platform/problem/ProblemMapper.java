package io.leadpool.platform.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.logging.Log;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Renders every error of every service as RFC 9457 problem+json with a stable {@code code}. */
public class ProblemMapper {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://leadpool.io/problems/";

    @ServerExceptionMapper
    public Response domain(ProblemException e, UriInfo uri) {
        Response response = problem(e.status(), e.code(), e.title(), e.getMessage(), uri, e.extensions());
        Object retryAfter = e.extensions().get("retryAfter");
        // A client told to slow down (429, 503) is told when to come back, as HTTP says it should be.
        return retryAfter == null ? response
                : Response.fromResponse(response).header("Retry-After", String.valueOf(retryAfter)).build();
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        return problem(400, "UNKNOWN_FIELD", "The request has a field this endpoint does not accept",
                "field '" + e.getPropertyName() + "' is not accepted here", uri,
                Map.of("errors", List.of(new ProblemException.FieldError(path(e), "not accepted"))));
    }

    @ServerExceptionMapper
    public Response badValue(MismatchedInputException e, UriInfo uri) {
        return problem(400, "MALFORMED_REQUEST", "The request body could not be read",
                "field '" + path(e) + "' has the wrong type or format", uri,
                Map.of("errors", List.of(new ProblemException.FieldError(path(e), "wrong type or format"))));
    }

    @ServerExceptionMapper
    public Response badJson(JsonParseException e, UriInfo uri) {
        return problem(400, "MALFORMED_REQUEST", "The request body is not JSON", e.getOriginalMessage(), uri, null);
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e, UriInfo uri) {
        List<ProblemException.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new ProblemException.FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .collect(Collectors.toList());
        return problem(400, "VALIDATION_FAILED", "The request is not valid", errors.size() + " field(s) are not valid",
                uri, Map.of("errors", errors));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof UnrecognizedPropertyException u) {
            return unknownField(u, uri);
        }
        if (e.getCause() instanceof MismatchedInputException m) {
            return badValue(m, uri);
        }
        if (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            return problem(400, "MALFORMED_REQUEST", "The request body is not JSON", j.getOriginalMessage(), uri, null);
        }
        int status = e.getResponse().getStatus();
        String code = switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> "HTTP_" + status;
        };
        return problem(status, code, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage(), uri, null);
    }

    /**
     * The tenant's identity provider could not be reached for its keys (a service that started while it was
     * down has none yet): nothing is verified, so nothing passes, and the client is told to come back rather
     * than that its token is bad (401) or that the service is broken (500). The next request tries again.
     */
    @ServerExceptionMapper
    public Response identityProviderUnavailable(io.quarkus.oidc.OIDCException e, UriInfo uri) {
        Log.warnf("identity provider unavailable on %s: %s", uri.getPath(), e.getMessage());
        return Response.fromResponse(problem(503, "IDENTITY_PROVIDER_UNAVAILABLE", "Identity provider unavailable",
                "the token cannot be verified now; retry later", uri, null)).header("Retry-After", "5").build();
    }

    /** A database failure straight from the reactive client (not wrapped by Hibernate). */
    @ServerExceptionMapper
    public Response database(io.vertx.pgclient.PgException e, UriInfo uri) {
        return unexpected(new IllegalStateException(e.getMessage(), e), uri);
    }

    /**
     * Anything else: 503 when the database could not serve for now, else 500. Checked exceptions and bare
     * throwables too: a refused database connection reaches here as a {@link java.net.ConnectException}, a
     * statement on a connection the server dropped as Vert.x's {@code NoStackTraceThrowable}, neither of which
     * an {@code Exception} mapper sees (Quarkus would answer its own 500).
     */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (e instanceof io.quarkus.security.AuthenticationFailedException
                || e instanceof io.quarkus.security.UnauthorizedException
                || e instanceof io.quarkus.security.ForbiddenException) {
            int status = e instanceof io.quarkus.security.ForbiddenException ? 403 : 401;
            return problem(status, status == 403 ? "FORBIDDEN" : "UNAUTHENTICATED",
                    status == 403 ? "Forbidden" : "Unauthorized", null, uri, null);
        }
        if (io.leadpool.platform.tx.Failures.isDatabaseBusy(e)) {
            Log.warnf("database busy on %s: %s", uri.getPath(), e.toString());
            return Response.fromResponse(problem(503, "DATABASE_BUSY", "Service unavailable",
                    "the database could not serve this request now; retry shortly", uri, null))
                    .header("Retry-After", "1").build();
        }
        Log.errorf(e, "unexpected failure on %s", uri.getPath());
        return problem(500, "INTERNAL_ERROR", "Internal error", "the request failed; it was logged", uri, null);
    }

    static Response problem(int status, String code, String title, String detail, UriInfo uri,
            Map<String, Object> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + code.toLowerCase().replace('_', '-'));
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        if (uri != null) {
            body.put("instance", uri.getPath());
        }
        body.put("code", code);
        if (extensions != null) {
            body.putAll(extensions);
        }
        return Response.status(status).type(MEDIA_TYPE).entity(body).build();
    }

    private static String path(MismatchedInputException e) {
        String p = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return p.isEmpty() ? "body" : p;
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.indexOf('.');
        // drop the method name ("create.body.phone" -> "body.phone"), keep the field path
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1).replaceFirst("^[^.]+\\.", "");
    }
}
