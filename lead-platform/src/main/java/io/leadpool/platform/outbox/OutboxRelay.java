package io.leadpool.platform.outbox;

import io.leadpool.platform.inbox.Delivery;
import io.leadpool.platform.tracing.EventTracing;
import io.leadpool.platform.tx.SqlRows;
import io.leadpool.platform.tx.SystemTransactions;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends committed outbox rows to Kafka and deletes them once the broker acknowledged them (acks=all,
 * idempotent producer). One relay works at a time per database (a transaction-scoped advisory lock),
 * so events leave in commit order; a crash between send and delete resends, which the consumers'
 * inbox makes harmless.
 *
 * <p>The rows go to a Kafka producer of the relay's own, a batch at a time, and the batch is done when the broker's
 * last acknowledgement arrives. Not through a Reactive Messaging emitter: there every record became a message with
 * metadata and an acknowledgement chain, completed record by record on the producer's network thread with the
 * contexts propagated each time; in a burst of recycles that was a tenth of pool-service's CPU (bench/README).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final long RELAY_LOCK = 0x6c656164706f6f6cL; // "leadpool"
    private static final int MAX_ROUNDS = 50;
    private static final byte[] CONTENT_TYPE = "application/cloudevents+json".getBytes(StandardCharsets.UTF_8);

    private final Pool pool;
    private final SystemTransactions system;
    private final EventTracing tracing;
    private final Map<String, Object> kafka;
    private final String clientId;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration maxBlock;
    private final AtomicBoolean running = new AtomicBoolean();
    /** Hands records to the producer, whose {@code send} blocks while it waits for a topic's metadata or for room. */
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay-sender");
        t.setDaemon(true);
        return t;
    });
    private volatile Producer<String, String> producer;
    private Vertx vertx;
    private long timer;

    public OutboxRelay(Pool pool, SystemTransactions system, EventTracing tracing,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "quarkus.application.name") String applicationName,
            @ConfigProperty(name = "leadpool.outbox.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "leadpool.outbox.poll-interval", defaultValue = "PT0.1S") Duration pollInterval,
            @ConfigProperty(name = "leadpool.outbox.max-block", defaultValue = "PT10S") Duration maxBlock) {
        this.pool = pool;
        this.system = system;
        this.tracing = tracing;
        this.kafka = kafka;
        this.clientId = "outbox-" + applicationName;
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
        this.maxBlock = maxBlock;
    }

    /**
     * Starts polling once the application is up. A Vert.x timer rather than the scheduler: the relay wants
     * sub-second rounds, and a round is skipped while one runs.
     */
    void start(@Observes StartupEvent event, Vertx vertx) {
        producer = new KafkaProducer<>(producerConfig(kafka, clientId, maxBlock), new StringSerializer(),
                new StringSerializer());
        long every = Math.max(10, pollInterval.toMillis());
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(1000, every, id -> poll());
    }

    void stop(@Observes ShutdownEvent event) {
        if (vertx != null) {
            vertx.cancelTimer(timer);
        }
        sender.shutdown();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * The producer's settings: the application's {@code kafka.*} ones (servers, security), then what the relay's
     * guarantees rest on: every replica acknowledges, retries cannot duplicate or reorder a partition's records, and
     * a broker out of reach fails a round after {@code maxBlock} instead of holding its transaction open.
     */
    static Map<String, Object> producerConfig(Map<String, Object> kafka, String clientId, Duration maxBlock) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis());
        return config;
    }

    void poll() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        relayUntilDrained(0).subscribe().with(sent -> running.set(false), failure -> {
            running.set(false);
            Log.warnf("outbox relay round failed, will retry: %s", failure.toString());
        });
    }

    /** Relays batches until one comes back short; returns how many rows were sent. */
    public Uni<Integer> relayUntilDrained(int soFar) {
        return relayBatch().chain(sent -> sent < batchSize || soFar / batchSize >= MAX_ROUNDS
                ? Uni.createFrom().item(soFar + sent)
                : relayUntilDrained(soFar + sent));
    }

    private Uni<Integer> relayBatch() {
        // Every tenant's rows: the system role (SystemTransactions), which may read and delete only the outbox.
        // No sort and no sequential scan in this transaction: the batch is read in the key's order and deleted by
        // its keys. The outbox is a queue, so its statistics are nearly always wrong (empty at the last analyze);
        // planned by them, every round read and sorted the whole backlog, and deleted by reading it again (9 and
        // 19 ms a round while an import's backlog was tens of thousands of rows).
        return system.asSystem(pool, conn -> conn.preparedQuery("select pg_try_advisory_xact_lock($1),"
                + " set_config('enable_sort', 'off', true), " + SqlRows.NO_SEQUENTIAL_SCANS)
                .execute(Tuple.of(RELAY_LOCK))
                .chain(rows -> rows.iterator().next().getBoolean(0) ? sendBatch(conn) : Uni.createFrom().item(0)));
    }

    private Uni<Integer> sendBatch(SqlConnection conn) {
        return conn.preparedQuery("select seq, id, tenant_id, topic, message_key, event_type, payload, traceparent"
                + " from outbox order by seq limit $1")
                .execute(Tuple.of(batchSize))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    List<Long> sent = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        sent.add(row.getLong("seq"));
                    }
                    return sendAll(rows)
                            .chain(() -> conn.preparedQuery("delete from outbox where seq = any($1)")
                                    .execute(Tuple.of(sent.toArray(Long[]::new))))
                            .replaceWith(sent.size());
                });
    }

    /**
     * Sends the rows in their order ({@link #inOrder}, on the relay's sender thread) and completes back on the
     * caller's Vert.x context.
     */
    private Uni<Void> sendAll(RowSet<Row> rows) {
        io.vertx.core.Context caller = Vertx.currentContext();
        Uni<Void> sent = Uni.createFrom().completionStage(() -> CompletableFuture
                .supplyAsync(() -> inOrder(rows, this::send), sender).thenCompose(acks -> acks));
        return caller == null ? sent : sent.emitOn(task -> caller.runOnContext(v -> task.run()));
    }

    /**
     * Hands the items to {@code send} one after another and completes when the broker has acknowledged every one handed
     * over, failed if any failed. An item whose send fails at once (a broker out of reach: no metadata within
     * {@code max-block}) ends the handing over: the round fails, and the next one sends the rest with it again.
     */
    static <T> CompletableFuture<Void> inOrder(Iterable<T> items, Function<T, CompletableFuture<Void>> send) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (T item : items) {
            CompletableFuture<Void> ack;
            try {
                ack = send.apply(item);
            } catch (RuntimeException e) {
                ack = CompletableFuture.failedFuture(e);
            }
            acks.add(ack);
            if (ack.isCompletedExceptionally()) {
                break;
            }
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
    }

    /** Hands one row to the producer; the future completes with the broker's acknowledgement. */
    private CompletableFuture<Void> send(Row row) {
        var headers = new RecordHeaders();
        headers.add("content-type", CONTENT_TYPE);
        headers.add(Delivery.TYPE_HEADER, row.getString("event_type").getBytes(StandardCharsets.UTF_8));
        String topic = row.getString("topic");
        String traceparent = row.getString("traceparent");
        // The trace of the transaction that wrote the event goes on: a producer span, its context in the header.
        Span span = traceparent == null ? null
                : tracing.publish(traceparent, topic, row.getUUID("id").toString(), row.getString("tenant_id"));
        String propagated = span == null ? null : EventTracing.traceparent(Context.root().with(span));
        if (propagated != null) {
            headers.add(EventTracing.HEADER, propagated.getBytes(StandardCharsets.UTF_8));
        }
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, null, row.getString("message_key"), row.getString("payload"),
                headers), (metadata, failure) -> {
                    if (span != null) {
                        EventTracing.end(span, failure);
                    }
                    if (failure == null) {
                        acknowledged.complete(null);
                    } else {
                        acknowledged.completeExceptionally(failure);
                    }
                });
        return acknowledged;
    }
}
