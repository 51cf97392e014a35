package io.leadpool.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The catalogue of events: CloudEvents type, payload record and the topic it travels on. */
public enum EventType {
    LEAD_RECEIVED("io.leadpool.lead.received.v1", LeadReceived.class, Topics.LEAD_RECEIVED),
    IMPORT_BATCH_RECEIVED("io.leadpool.lead.import-batch-received.v1", ImportBatchReceived.class,
            Topics.LEAD_RECEIVED),
    LEAD_ACCEPTED("io.leadpool.lead.accepted.v1", LeadAccepted.class, Topics.DEDUP_OUTCOMES),
    LEAD_DUPLICATE_DETECTED("io.leadpool.lead.duplicate-detected.v1", LeadDuplicateDetected.class,
            Topics.DEDUP_OUTCOMES),
    LEAD_REJECTED("io.leadpool.lead.rejected.v1", LeadRejected.class, Topics.DEDUP_OUTCOMES),
    IMPORT_BATCH_DECIDED("io.leadpool.lead.import-batch-decided.v1", ImportBatchDecided.class, Topics.DEDUP_OUTCOMES),
    CONFLICT_RESOLVED("io.leadpool.lead.conflict-resolved.v1", ConflictResolved.class, Topics.DEDUP_OUTCOMES),
    LEAD_POOLED("io.leadpool.lead.pooled.v1", LeadPooled.class, Topics.POOL_EVENTS),
    IMPORT_BATCH_POOLED("io.leadpool.lead.import-batch-pooled.v1", ImportBatchPooled.class, Topics.POOL_EVENTS),
    OWNERSHIP_CHANGED("io.leadpool.lead.ownership-changed.v1", OwnershipChanged.class, Topics.POOL_EVENTS),
    FOLLOW_UP_LOGGED("io.leadpool.lead.follow-up-logged.v1", FollowUpLogged.class, Topics.POOL_EVENTS),
    LEAD_TOUCHED("io.leadpool.lead.touched.v1", LeadTouched.class, Topics.POOL_EVENTS),
    LEAD_LOCK_CHANGED("io.leadpool.lead.lock-changed.v1", LeadLockChanged.class, Topics.POOL_EVENTS),
    STAGE_CHANGED("io.leadpool.lead.stage-changed.v1", StageChanged.class, Topics.POOL_EVENTS),
    LEAD_RESCHEDULED("io.leadpool.lead.rescheduled.v1", LeadRescheduled.class, Topics.POOL_EVENTS),
    LEAD_CONVERTED("io.leadpool.lead.converted.v1", LeadConverted.class, Topics.POOL_EVENTS),
    REP_NOTIFIED("io.leadpool.rep.notified.v1", RepNotified.class, Topics.REP_NOTIFICATIONS),
    RECYCLE_DUE("io.leadpool.lead.recycle-due.v1", RecycleDue.class, Topics.SCHEDULER_COMMANDS),
    REMINDER_DUE("io.leadpool.lead.reminder-due.v1", ReminderDue.class, Topics.SCHEDULER_COMMANDS),
    TENANT_CHANGED("io.leadpool.tenant.changed.v1", TenantChanged.class, Topics.TENANTS);

    private static final Map<String, EventType> BY_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));
    private static final Map<Class<?>, EventType> BY_CLASS = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::payloadType, Function.identity()));

    private final String type;
    private final Class<? extends Record> payloadType;
    private final String topic;

    EventType(String type, Class<? extends Record> payloadType, String topic) {
        this.type = type;
        this.payloadType = payloadType;
        this.topic = topic;
    }

    public String type() {
        return type;
    }

    public Class<? extends Record> payloadType() {
        return payloadType;
    }

    public String topic() {
        return topic;
    }

    public static Optional<EventType> ofType(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    public static EventType of(Record payload) {
        EventType t = BY_CLASS.get(payload.getClass());
        if (t == null) {
            throw new IllegalArgumentException("not a catalogued event: " + payload.getClass().getName());
        }
        return t;
    }
}
