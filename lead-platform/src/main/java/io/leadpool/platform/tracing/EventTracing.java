package io.leadpool.platform.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * Carries one trace across the transactional outbox and Kafka (W3C trace context): the outbox row keeps
 * the {@code traceparent} of the transaction that wrote it, the relay publishes it in a producer span
 * whose context goes into the record's {@code traceparent} header, and a consumer processes each event
 * in a consumer span that is the child of that producer span. With the SDK disabled (tests, local runs)
 * every span is a no-op and no context is written anywhere.
 */
@ApplicationScoped
public class EventTracing {

    public static final String HEADER = "traceparent";
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    private static final AttributeKey<String> TENANT = AttributeKey.stringKey("leadpool.tenant");
    private static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");

    private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return java.util.List.of(HEADER);
        }

        @Override
        public String get(String carrier, String key) {
            return HEADER.equals(key) ? carrier : null;
        }
    };

    private final Tracer tracer;

    public EventTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.leadpool.messaging");
    }

    /** The {@code traceparent} of a context, or null when it carries no valid (sampled or not) span. */
    public static String traceparent(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3C.inject(context, carrier, Map::put);
        return carrier.get(HEADER);
    }

    /** The {@code traceparent} of the current span (an HTTP request's, a job's), or null. */
    public static String current() {
        return traceparent(Context.current());
    }

    static Context parent(String traceparent) {
        return traceparent == null || traceparent.isEmpty() ? Context.root()
                : W3C.extract(Context.root(), traceparent, TRACEPARENT);
    }

    /** A producer span for one relayed event, the child of the context its outbox row kept. */
    public Span publish(String traceparent, String topic, String eventId, String tenant) {
        return tracer.spanBuilder(topic + " publish").setSpanKind(SpanKind.PRODUCER).setParent(parent(traceparent))
                .setAttribute(SYSTEM, "kafka").setAttribute(DESTINATION, topic).setAttribute(OPERATION, "send")
                .setAttribute(MESSAGE_ID, eventId).setAttribute(TENANT, tenant).startSpan();
    }

    /** A consumer span for one event, the child of the producer span in its record's header. */
    public Span process(String traceparent, String topic, String consumer, String eventId, String eventType,
            String tenant) {
        return tracer.spanBuilder(topic + " process").setSpanKind(SpanKind.CONSUMER).setParent(parent(traceparent))
                .setAttribute(SYSTEM, "kafka").setAttribute(DESTINATION, topic).setAttribute(OPERATION, "process")
                .setAttribute(GROUP, consumer).setAttribute(MESSAGE_ID, eventId).setAttribute(EVENT_TYPE, eventType)
                .setAttribute(TENANT, tenant).startSpan();
    }

    /** Ends a span, marking it failed when there is a failure. */
    public static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }
}
