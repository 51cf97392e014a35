package io.leadpool.platform.outbox;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
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

    private Uni<Void> insert(List<Pending> chunk) {
        // traceparent: the trace this event continues (the request's, or the consumed event's that caused
        // it); '' for none, as a typed parameter binds more safely than a null.
        String sql = "insert into outbox (id, tenant_id, topic, message_key, event_type, payload, traceparent, created_at)"
                + " select id, tenant, topic, key, type, payload, nullif(trace, ''), now() from (values "
                + SqlRows.values(chunk.size(), "id:uuid", "tenant", "topic", "key", "type", "payload", "trace:text")
                + ") e(id, tenant, topic, key, type, payload, trace)";
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            for (int i = 0; i < chunk.size(); i++) {
                Pending e = chunk.get(i);
                EventType type = EventType.of(e.payload());
                EventEnvelope envelope = EventCodec.wrap(source, e.tenantId(), String.valueOf(e.aggregateId()),
                        e.payload(), null);
                query.setParameter("id" + i, UUID.fromString(envelope.id()))
                        .setParameter("tenant" + i, e.tenantId())
                        .setParameter("topic" + i, type.topic())
                        .setParameter("key" + i, Topics.key(e.tenantId(), e.aggregateId()))
                        .setParameter("type" + i, type.type())
                        .setParameter("payload" + i, EventCodec.toJson(envelope))
                        .setParameter("trace" + i, Objects.requireNonNullElse(
                                Causes.traceparentFor(e.aggregateId(), envelope.data()), ""));
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }
}
