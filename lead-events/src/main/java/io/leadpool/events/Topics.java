package io.leadpool.events;

/** Kafka topic names. Every topic a service produces or consumes is named here and nowhere else. */
public final class Topics {
    /** Leads as they came in, before de-duplication. Key: {@code tenant:intakeId}. */
    public static final String LEAD_RECEIVED = "lead-intake.received";
    /** Dedup decisions: accepted, duplicate or rejected. Key: {@code tenant:leadId} (or intake id when rejected). */
    public static final String DEDUP_OUTCOMES = "lead-dedup.outcomes";
    /** Everything that happens to a lead in a pool. Key: {@code tenant:leadId}. */
    public static final String POOL_EVENTS = "lead-pool.events";
    /** Notices for reps (reminders, leads taken back, touches), for push gateways. Key: {@code tenant:repId}. */
    public static final String REP_NOTIFICATIONS = "lead-pool.notifications";
    /** Commands from the scheduler to the pool. Key: {@code tenant:leadId}. */
    public static final String SCHEDULER_COMMANDS = "lead-scheduler.commands";

    /** The tenant registry's changes, for every service's tenant directory. Key: {@code tenantId:tenantId}. */
    public static final String TENANTS = "lead-platform.tenants";

    /** Every topic above: what an operator creates before the services start. */
    public static final java.util.List<String> ALL = java.util.List.of(LEAD_RECEIVED, DEDUP_OUTCOMES, POOL_EVENTS,
            REP_NOTIFICATIONS, SCHEDULER_COMMANDS, TENANTS);

    /** Suffix of the dead-letter topic of each consuming channel. */
    public static final String DLQ_SUFFIX = ".dlq";

    private Topics() {
    }

    /** The Kafka key that keeps one aggregate's events in order on one partition. */
    public static String key(String tenantId, Object aggregateId) {
        return tenantId + ":" + aggregateId;
    }
}
