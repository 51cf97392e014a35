package io.leadpool.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
        Outgoing e = Outgoing.of(source, tenantId, subject, payload, traceparent);
        return new EventEnvelope(e.specversion(), e.id(), e.type(), e.source(), e.subject(), e.time(),
                e.datacontenttype(), e.tenantid(), e.traceparent(), tree(payload));
    }

    /** An event as the outbox stores it: its id, and its envelope as CloudEvents JSON. */
    public record Encoded(String id, String json) {
    }

    /**
     * What {@code toJson(wrap(…))} gives, written in one pass: the payload is serialised straight into the envelope,
     * not first into a tree that is then serialised again (a sweep's burst writes a few hundred events a batch).
     */
    public static Encoded encode(String source, String tenantId, String subject, Record payload, String traceparent) {
        Outgoing envelope = Outgoing.of(source, tenantId, subject, payload, traceparent);
        return new Encoded(envelope.id(), write(envelope, envelope.id()));
    }

    /** {@link EventEnvelope} with its data as the payload record itself: what {@link #encode} writes. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Outgoing(String specversion, String id, String type, String source, String subject, Instant time,
            String datacontenttype, String tenantid, String traceparent, Record data) {

        /** A new event's envelope (a fresh UUIDv7 id, now), for {@link #wrap} and {@link #encode} alike. */
        static Outgoing of(String source, String tenantId, String subject, Record payload, String traceparent) {
            return new Outgoing(EventEnvelope.SPEC_VERSION, Uuid7.next().toString(), EventType.of(payload).type(), source,
                    subject, Instant.now(), EventEnvelope.CONTENT_TYPE, Objects.requireNonNull(tenantId, "tenantId"),
                    traceparent, payload);
        }
    }

    /** A payload as the JSON tree an envelope's {@code data} holds. */
    public static JsonNode tree(Record payload) {
        return MAPPER.valueToTree(payload);
    }

    public static String toJson(EventEnvelope envelope) {
        return write(envelope, envelope.id());
    }

    private static String write(Object envelope, String id) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise event " + id, e);
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
