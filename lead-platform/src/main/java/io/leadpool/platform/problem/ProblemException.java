package io.leadpool.platform.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A domain refusal that becomes an RFC 9457 problem+json response with a stable {@code code}.
 * Services throw it (or return it as a failed Uni); {@link ProblemMapper} renders it.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;
    private final Map<String, Object> extensions;

    public ProblemException(int status, String code, String title, String detail, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.extensions = extensions == null ? Map.of() : new LinkedHashMap<>(extensions);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "NOT_FOUND", "Not found", what + " does not exist", null);
    }

    public static ProblemException conflict(String code, String detail, Map<String, Object> extensions) {
        return new ProblemException(409, code, "Conflict", detail, extensions);
    }

    public static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(400, "VALIDATION_FAILED", "The request is not valid",
                errors.size() + " field(s) are not valid", Map.of("errors", List.copyOf(errors)));
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    /** One bad field of a request and why. */
    /** The field errors of a validation failure (empty for other problems). */
    @SuppressWarnings("unchecked")
    public List<FieldError> fieldErrors() {
        Object errors = extensions == null ? null : extensions.get("errors");
        return errors instanceof List<?> list ? (List<FieldError>) list : List.of();
    }

    /**
     * The same validation failure with every field named from an enclosing object ({@code rules.} +
     * {@code followUpTimeout}); other problems are returned as they are.
     */
    public ProblemException prefixed(String prefix) {
        List<FieldError> errors = fieldErrors();
        return errors.isEmpty() ? this
                : invalid(errors.stream().map(e -> new FieldError(prefix + e.field(), e.message())).toList());
    }

    public record FieldError(String field, String message) {
    }
}
