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
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends committed outbox rows to Kafka and deletes them once the broker acknowledged them (acks=all,
 * idempotent producer). One relay works at a time per database (a transaction-scoped advisory lock),
 * so events leave in commit order; a crash between send and delete resends, which the consumers'
 * inbox makes harmless.
 */
@ApplicationScoped
public class OutboxRelay {

    /** Channel of the producer that carries every outbox row; the topic is set per record. */
    public static final String CHANNEL = "outbox";
    private static final long RELAY_LOCK = 0x6c656164706f6f6cL; // "leadpool"
    private static final int MAX_ROUNDS = 50;

    private final Pool pool;
    private final SystemTransactions system;
    private final EventTracing tracing;
    private final MutinyEmitter<String> emitter;
    private final int batchSize;
    private final Duration pollInterval;
    private final AtomicBoolean running = new AtomicBoolean();
    private Vertx vertx;
    private long timer;

    public OutboxRelay(Pool pool, SystemTransactions system, EventTracing tracing,
            @Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> emitter,
            @ConfigProperty(name = "leadpool.outbox.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "leadpool.outbox.poll-interval", defaultValue = "PT0.1S") Duration pollInterval) {
        this.pool = pool;
        this.system = system;
        this.tracing = tracing;
        this.pollInterval = pollInterval;
        this.emitter = emitter;
        this.batchSize = batchSize;
    }

    /**
     * Starts polling once the application (and its messaging channels) is up. A Vert.x timer rather
     * than the scheduler: the relay wants sub-second rounds, and a round is skipped while one runs.
     */
    void start(@Observes StartupEvent event, Vertx vertx) {
        long every = Math.max(10, pollInterval.toMillis());
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(1000, every, id -> poll());
    }

    void stop(@Observes ShutdownEvent event) {
        if (vertx != null) {
            vertx.cancelTimer(timer);
        }
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
                    List<Uni<Void>> sends = new ArrayList<>(rows.size());
                    List<Long> sent = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        sent.add(row.getLong("seq"));
                        sends.add(send(row));
                    }
                    return Uni.join().all(sends).andFailFast()
                            .chain(() -> conn.preparedQuery("delete from outbox where seq = any($1)")
                                    .execute(Tuple.of(sent.toArray(Long[]::new))))
                            .replaceWith(sent.size());
                });
    }

    private Uni<Void> send(Row row) {
        var headers = new RecordHeaders();
        headers.add("content-type", "application/cloudevents+json".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        headers.add(Delivery.TYPE_HEADER, row.getString("event_type").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String topic = row.getString("topic");
        String traceparent = row.getString("traceparent");
        // The trace of the transaction that wrote the event goes on: a producer span, its context in the header.
        Span span = traceparent == null ? null
                : tracing.publish(traceparent, topic, row.getUUID("id").toString(), row.getString("tenant_id"));
        String propagated = span == null ? null : EventTracing.traceparent(Context.root().with(span));
        if (propagated != null) {
            headers.add(EventTracing.HEADER, propagated.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(row.getString("message_key"))
                .withHeaders(headers)
                .build();
        Uni<Void> sent = emitter.sendMessage(Message.of(row.getString("payload")).addMetadata(metadata));
        return span == null ? sent : sent.onItemOrFailure().invoke((ok, failure) -> EventTracing.end(span, failure));
    }
}
