package io.leadpool.platform.outbox;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.EventType;
import io.leadpool.events.Topics;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes an event into the outbox table inside the caller's transaction; {@link OutboxRelay} sends it
 * to Kafka after the commit. An event therefore exists if and only if the change that caused it does.
 */
@ApplicationScoped
public class Outbox {

    static final String INSERT = "insert into outbox (id, tenant_id, topic, message_key, event_type, payload, created_at)"
            + " values (:id, :tenant, :topic, :key, :type, :payload, now())";

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
        EventType type = EventType.of(payload);
        EventEnvelope envelope = EventCodec.wrap(source, tenantId, String.valueOf(aggregateId), payload, null);
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter("id", UUID.fromString(envelope.id()))
                .setParameter("tenant", tenantId)
                .setParameter("topic", type.topic())
                .setParameter("key", Topics.key(tenantId, aggregateId))
                .setParameter("type", type.type())
                .setParameter("payload", EventCodec.toJson(envelope))
                .executeUpdate())
                .replaceWithVoid();
    }
}
