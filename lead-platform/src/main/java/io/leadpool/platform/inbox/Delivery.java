package io.leadpool.platform.inbox;

import io.leadpool.platform.tracing.EventTracing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One Kafka record as a consumer applies it: the CloudEvents JSON, its topic, its trace context header and the
 * event's type as the {@link #TYPE_HEADER} header names it (null when the producer set none).
 */
public record Delivery(String json, String topic, String traceparent, String type) {

    /**
     * The CloudEvents type of the record's event, beside the structured envelope: a consumer passes over the types it
     * does not act on without parsing them. The envelope's own {@code type} is what counts for the events it reads.
     */
    public static final String TYPE_HEADER = "ce_type";

    /** The records of a batch channel, in order. */
    public static List<Delivery> of(Iterable<ConsumerRecord<String, String>> records) {
        List<Delivery> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            out.add(new Delivery(r.value(), r.topic(), header(r, EventTracing.HEADER), header(r, TYPE_HEADER)));
        }
        return out;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
