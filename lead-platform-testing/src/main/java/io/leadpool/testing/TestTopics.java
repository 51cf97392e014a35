package io.leadpool.testing;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for tests: publish an event as another service would, or wait for one. */
public final class TestTopics {

    private TestTopics() {
    }

    /** Publishes an event envelope the way a producing service's outbox relay does. */
    public static EventEnvelope publish(String tenant, Object aggregateId, Record payload) {
        EventEnvelope envelope = EventCodec.wrap("/test", tenant, String.valueOf(aggregateId), payload, null);
        String topic = io.leadpool.events.EventType.of(payload).topic();
        send(topic, Topics.key(tenant, aggregateId), EventCodec.toJson(envelope));
        return envelope;
    }

    public static void send(String topic, String key, String value) {
        send(topic, key, value, java.util.Map.of());
    }

    /** Sends a record with headers (a {@code traceparent}, say). */
    public static void send(String topic, String key, String value, java.util.Map<String, String> headers) {
        Properties p = new Properties();
        p.put("bootstrap.servers", TestKafka.bootstrapServers());
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            headers.forEach((k, v) -> record.headers().add(k, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    /** Reads the topic from the beginning until an event matches, or fails after the timeout. */
    public static EventEnvelope await(String topic, Predicate<EventEnvelope> match, Duration timeout) {
        List<EventEnvelope> all = readUntil(topic, match, timeout);
        return all.stream().filter(match).findFirst()
                .orElseThrow(() -> new AssertionError("no matching event on " + topic + " within " + timeout
                        + "; saw " + all.size() + " events"));
    }

    /** The record of the first event that matches (with its headers), or fails after the timeout. */
    public static ConsumerRecord<String, String> awaitRecord(String topic, Predicate<EventEnvelope> match,
            Duration timeout) {
        Properties p = new Properties();
        p.put("bootstrap.servers", TestKafka.bootstrapServers());
        p.put("group.id", "test-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(EventCodec.parse(r.value()))) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no matching event on " + topic + " within " + timeout);
    }

    /** Every event on the topic that matches, read from the beginning for at most {@code window}. */
    public static List<EventEnvelope> all(String topic, Predicate<EventEnvelope> match, Duration window) {
        return readUntil(topic, e -> false, window).stream().filter(match).toList();
    }

    private static List<EventEnvelope> readUntil(String topic, Predicate<EventEnvelope> stop, Duration timeout) {
        Properties p = new Properties();
        p.put("bootstrap.servers", TestKafka.bootstrapServers());
        p.put("group.id", "test-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        List<EventEnvelope> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    EventEnvelope e = EventCodec.parse(r.value());
                    seen.add(e);
                    if (stop.test(e)) {
                        return seen;
                    }
                }
            }
        }
        return seen;
    }
}
