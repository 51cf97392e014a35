package io.leadpool.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.Objects;

/** Turns event records into CloudEvents JSON and back. Thread-safe. */
public final class EventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventCodec() {
    }

    /** Wraps a payload in a new envelope with a fresh UUIDv7 id. */
    public static EventEnvelope wrap(String source, String tenantId, String subject, Record payload, String traceparent) {
        EventType type = EventType.of(payload);
        return new EventEnvelope(EventEnvelope.SPEC_VERSION, Uuid7.next().toString(), type.type(), source,
                subject, Instant.now(), EventEnvelope.CONTENT_TYPE, Objects.requireNonNull(tenantId, "tenantId"),
                traceparent, MAPPER.valueToTree(payload));
    }

    public static String toJson(EventEnvelope envelope) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise event " + envelope.id(), e);
        }
    }

    /** Parses a structured CloudEvent; throws {@link MalformedEventException} when it is not one. */
    public static EventEnvelope parse(String json) {
        try {
            EventEnvelope e = MAPPER.readValue(json, EventEnvelope.class);
            if (e.id() == null || e.type() == null || e.tenantid() == null || e.data() == null) {
                throw new MalformedEventException("event lacks id, type, tenantid or data");
            }
            return e;
        } catch (JsonProcessingException ex) {
            throw new MalformedEventException("not a CloudEvents JSON document: " + ex.getOriginalMessage());
        }
    }

    /** The payload of an envelope as the record its type names. */
    public static <T extends Record> T payload(EventEnvelope envelope, Class<T> type) {
        try {
            return MAPPER.treeToValue(envelope.data(), type);
        } catch (JsonProcessingException ex) {
            throw new MalformedEventException("payload of " + envelope.type() + " is not a " + type.getSimpleName()
                    + ": " + ex.getOriginalMessage());
        }
    }

    /** Thrown for input that can never be processed; consumers send it to the dead-letter topic. */
    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message);
        }
    }
}
