package io.leadpool.platform.outbox;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventType;
import io.leadpool.events.Topics;
import io.leadpool.platform.tracing.Causes;
import io.leadpool.platform.tx.SqlRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes an event into the outbox table inside the caller's transaction; {@link OutboxRelay} sends it
 * to Kafka after the commit. An event therefore exists if and only if the change that caused it does.
 */
@ApplicationScoped
public class Outbox {

    /** An event to add: about which aggregate (the Kafka key and CloudEvents subject) of which tenant. */
    public record Pending(String tenantId, Object aggregateId, Record payload) {
    }

    /** An outbox row as it is inserted: the CloudEvents envelope of a {@link Pending} event, serialised. */
    public record Row(UUID id, String tenantId, String topic, String key, String type, String payload,
            String traceparent) {
    }

    private final String source;

    public Outbox(@ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.source = "/" + applicationName;
    }

    /**
     * Adds an event about an aggregate (a lead, an intake) to the current transaction.
     *
     * @param tenantId    the tenant the event belongs to
     * @param aggregateId the lead or intake id: the Kafka key and the CloudEvents subject
     * @param payload     a record catalogued in {@link EventType}
     */
    public Uni<Void> add(String tenantId, Object aggregateId, Record payload) {
        return addAll(List.of(new Pending(tenantId, aggregateId, payload)));
    }

    /** Adds many events to the current transaction, in this order, with one insert per {@link SqlRows#CHUNK} rows. */
    public Uni<Void> addAll(List<Pending> events) {
        return SqlRows.inChunks(events, this::insert);
    }

    /**
     * The row {@link #add} would insert for this event, for a statement that inserts it itself. {@code traceparent}
     * is the trace the event continues (the request's, or the consumed event's that caused it), '' for none.
     */
    public Row row(String tenantId, Object aggregateId, Record payload) {
        EventType type = EventType.of(payload);
        EventCodec.Encoded event = EventCodec.encode(source, tenantId, String.valueOf(aggregateId), payload, null);
        return new Row(UUID.fromString(event.id()), tenantId, type.topic(), Topics.key(tenantId, aggregateId),
                type.type(), event.json(),
                Objects.requireNonNullElse(Causes.traceparentFor(aggregateId, () -> EventCodec.tree(payload)), ""));
    }

    private static final SqlRows.RecordSet EVENTS = SqlRows.recordset("events", "e", "id uuid", "tenant text",
            "topic text", "key text", "type text", "payload json", "trace text");

    /** The envelope travels as JSON inside the rows' JSON ({@link SqlRows.Json}), not as a string escaped into it. */
    private static final String INSERT = "insert into outbox (id, tenant_id, topic, message_key, event_type, payload,"
            + " traceparent, created_at) select id, tenant, topic, key, type, cast(payload as text), trace, now() from "
            + EVENTS.sql();

    private Uni<Void> insert(List<Pending> chunk) {
        SqlRows.Records rows = EVENTS.rows();
        for (Pending e : chunk) {
            Row row = row(e.tenantId(), e.aggregateId(), e.payload());
            rows.add(row.id(), row.tenantId(), row.topic(), row.key(), row.type(), new SqlRows.Json(row.payload()),
                    row.traceparent().isEmpty() ? null : row.traceparent());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter(EVENTS.parameter(), rows.json()).executeUpdate()).replaceWithVoid();
    }
}
