package io.leadpool.platform.inbox;

import io.leadpool.platform.tracing.EventTracing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** One Kafka record as a consumer applies it: the CloudEvents JSON, its topic and its trace context header. */
public record Delivery(String json, String topic, String traceparent) {

    /** The records of a batch channel, in order. */
    public static List<Delivery> of(Iterable<ConsumerRecord<String, String>> records) {
        List<Delivery> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            Header h = r.headers().lastHeader(EventTracing.HEADER);
            out.add(new Delivery(r.value(), r.topic(), h == null ? null : new String(h.value(), StandardCharsets.UTF_8)));
        }
        return out;
    }
}
