package io.leadpool.platform.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * While a consumer applies events, which trace each event written to the outbox continues: the trace of
 * the event consumed that caused it. Events are matched by id — the consumed event's subject (the lead
 * or the intake it is about) equals the new event's aggregate or one of its fields (a LeadAccepted
 * names the intake whose LeadReceived caused it) — so one batch of many leads keeps one trace per lead.
 * Kept in the Vert.x duplicated context of the message being processed; nothing when there is none.
 */
public final class Causes {

    private static final String KEY = Causes.class.getName();

    private final Map<String, String> traceparentBySubject = new HashMap<>();

    private Causes() {
    }

    /** Starts recording causes for the message in process; returns them (or null outside a Vert.x context). */
    public static Causes open() {
        Context context = Vertx.currentContext();
        if (context == null) {
            return null;
        }
        Causes causes = new Causes();
        context.putLocal(KEY, causes);
        return causes;
    }

    public static void close(Causes causes) {
        Context context = Vertx.currentContext();
        if (causes != null && context != null && context.getLocal(KEY) == causes) {
            context.removeLocal(KEY);
        }
    }

    public void add(String subject, String traceparent) {
        if (subject != null && traceparent != null) {
            traceparentBySubject.put(subject, traceparent);
        }
    }

    /**
     * The trace an event about {@code aggregateId} continues: that of the consumed event whose subject is
     * the aggregate or the value of one of the event's top-level fields (its data as JSON, so no reflection
     * is needed in a native image, made only when there are causes to match and the aggregate is not one), else the
     * current one.
     */
    public static String traceparentFor(Object aggregateId, Supplier<JsonNode> data) {
        Context context = Vertx.currentContext();
        Causes causes = context == null ? null : context.getLocal(KEY);
        if (causes != null && !causes.traceparentBySubject.isEmpty()) {
            String found = causes.traceparentBySubject.get(String.valueOf(aggregateId));
            if (found != null) {
                return found;
            }
            for (var it = data.get().elements(); it.hasNext();) {
                JsonNode value = it.next();
                found = value.isTextual() ? causes.traceparentBySubject.get(value.asText()) : null;
                if (found != null) {
                    return found;
                }
            }
        }
        return EventTracing.current();
    }
}
