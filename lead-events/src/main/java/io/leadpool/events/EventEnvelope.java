package io.leadpool.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * A CloudEvents 1.0 event in structured JSON mode. {@code tenantid} is a CloudEvents extension
 * attribute; {@code traceparent} carries W3C trace context (CloudEvents distributed tracing extension).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventEnvelope(
        String specversion,
        String id,
        String type,
        String source,
        String subject,
        Instant time,
        String datacontenttype,
        String tenantid,
        String traceparent,
        JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    public Optional<EventType> eventType() {
        return EventType.ofType(type);
    }
}
