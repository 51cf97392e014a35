package io.leadpool.dedup.messaging;

import io.leadpool.dedup.identity.repository.LeadProfiles;
import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.EventType;
import io.leadpool.events.LeadConverted;
import io.leadpool.events.LeadLockChanged;
import io.leadpool.events.OwnershipChanged;
import io.leadpool.platform.inbox.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps each lead's state and owner as the pool reports them, for the duplicate check's answers (in
 * pool, owned by whom, converted). Versions make late events harmless.
 */
@ApplicationScoped
public class PoolEventConsumer {

    public static final String CHANNEL = "pool-events";

    /**
     * The events that move a lead's state or owner. Not {@code LeadPooled}: dedup stored the profile as that event
     * describes it ({@code IN_POOL}, version 0) when it accepted the lead, so the pool's confirmation would change
     * nothing but cost an inbox row and an update per imported lead.
     */
    static final Predicate<String> ACTS_ON = IdempotentConsumer.ofTypes(EventType.OWNERSHIP_CHANGED,
            EventType.LEAD_LOCK_CHANGED, EventType.LEAD_CONVERTED);

    private final IdempotentConsumer consumer;
    private final LeadProfiles profiles;

    public PoolEventConsumer(IdempotentConsumer consumer, LeadProfiles profiles) {
        this.consumer = consumer;
        this.profiles = profiles;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onPoolEvents(ConsumerRecords<String, String> records) {
        return consumer.consumeRecords("dedup.pool-events", records, ACTS_ON,
                (tenant, events) -> profiles.applyStates(tenant, events.stream().map(PoolEventConsumer::change)
                        .filter(java.util.Objects::nonNull).toList()),
                e -> {
                    LeadProfiles.StateChange c = change(e);
                    return c == null ? Uni.createFrom().voidItem() : profiles.applyStates(e.tenantid(), List.of(c));
                });
    }

    /** The state and owner an event reports, or null for events that do not change them. */
    static LeadProfiles.StateChange change(EventEnvelope event) {
        return switch (event.eventType().orElseThrow(() -> new EventCodec.MalformedEventException(event.type()))) {
            case OWNERSHIP_CHANGED -> {
                OwnershipChanged o = EventCodec.payload(event, OwnershipChanged.class);
                yield new LeadProfiles.StateChange(o.leadId(), o.toOwner() == null ? "IN_POOL" : "OWNED", o.toOwner(),
                        o.toOwnerName(), o.version());
            }
            case LEAD_LOCK_CHANGED -> {
                LeadLockChanged l = EventCodec.payload(event, LeadLockChanged.class);
                yield new LeadProfiles.StateChange(l.leadId(), l.locked() ? "LOCKED" : "OWNED", l.ownerId(), null,
                        l.version());
            }
            case LEAD_CONVERTED -> {
                LeadConverted c = EventCodec.payload(event, LeadConverted.class);
                yield new LeadProfiles.StateChange(c.leadId(), "CONVERTED", c.ownerId(), null, c.version());
            }
            default -> null;
        };
    }
}
