package io.leadpool.e2e;

import static io.leadpool.e2e.Api.GATEWAY;
import static io.leadpool.e2e.Api.at;

import io.leadpool.e2e.Suite.Service;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Leads of one campaign posted through intake at a steady pace until stopped, by a client that behaves as a
 * real integration does: every lead has its own {@code Idempotency-Key}, and a call that fails (refused
 * connection, 5xx) is retried with the same key until intake takes it. Each lead is a different person
 * (phone {@code <phonePrefix> <index>}), so each must become one lead in the pool.
 */
final class LeadStream {

    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(120);

    private final String keyPrefix;
    private final String phonePrefix;
    private final String campaign;
    private final ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService clients = Executors.newFixedThreadPool(8);
    private final List<Future<?>> posts = new CopyOnWriteArrayList<>();
    private final Map<Integer, Instant> takenAt = new ConcurrentHashMap<>();
    private final Queue<Answer> refusals = new ConcurrentLinkedQueue<>();

    private LeadStream(String keyPrefix, String phonePrefix, String campaign) {
        this.keyPrefix = keyPrefix;
        this.phonePrefix = phonePrefix;
        this.campaign = campaign;
    }

    /**
     * @param keyPrefix   of the leads' idempotency keys, unique to the stream
     * @param phonePrefix the first three groups of the phones, e.g. {@code +86 153 0001}: unique to the stream
     * @param every       a new lead this often (a lead that is not taken yet is retried meanwhile)
     */
    static LeadStream start(String keyPrefix, String phonePrefix, String campaign, Duration every) {
        LeadStream stream = new LeadStream(keyPrefix, phonePrefix, campaign);
        stream.pace.scheduleAtFixedRate(stream::postNext, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return stream;
    }

    private void postNext() {
        int index = posts.size();
        if (index > 9999) {
            throw new IllegalStateException("a stream has at most 10,000 leads (four digits of the phone)");
        }
        String body = """
                {"name":"Stream %s %d","phone":"%s %04d","source":{"channel":"web","campaign":"%s"}}"""
                .formatted(campaign, index, phonePrefix, index, campaign);
        posts.add(clients.submit(() -> post(index, body)));
    }

    private void post(int index, String body) {
        Instant deadline = Instant.now().plus(GIVE_UP_AFTER);
        while (Instant.now().isBefore(deadline)) {
            try {
                Answer answer = Answer.of(at(Service.INTAKE, GATEWAY).header("Idempotency-Key", keyPrefix + index)
                        .contentType(ContentType.JSON).body(body).post("/api/v1/leads"));
                if (answer.status() == 200 || answer.status() == 202) {
                    takenAt.put(index, answer.at());
                    return;
                }
                refusals.add(answer);
            } catch (Exception noAnswer) {
                refusals.add(Answer.none(noAnswer));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Posts no new lead; waits until every lead posted was taken (or its client gave up). */
    void stop() throws Exception {
        pace.shutdown();
        pace.awaitTermination(10, TimeUnit.SECONDS);
        for (Future<?> post : posts) {
            post.get(GIVE_UP_AFTER.toSeconds() + 60, TimeUnit.SECONDS);
        }
        clients.shutdown();
    }

    /** How many leads were posted (or are being posted). */
    int size() {
        return posts.size();
    }

    /** How many leads intake has taken so far. */
    int taken() {
        return takenAt.size();
    }

    /** The first lead (in posting order) intake took after {@code instant}, or null if none yet. */
    Integer firstTakenAfter(Instant instant) {
        return takenAt.entrySet().stream().filter(e -> e.getValue().isAfter(instant)).map(Map.Entry::getKey)
                .min(Integer::compare).orElse(null);
    }

    /** The leads intake had taken by {@code instant}. */
    Set<Integer> takenBy(Instant instant) {
        Set<Integer> taken = new HashSet<>();
        takenAt.forEach((index, at) -> {
            if (!at.isAfter(instant)) {
                taken.add(index);
            }
        });
        return taken;
    }

    /** Every answer intake gave that was not 200/202 (or no answer at all), each retried. */
    List<Answer> refusals() {
        return List.copyOf(refusals);
    }

    String keyPrefix() {
        return keyPrefix;
    }

    /** The stream's leads the pool holds now, by index. */
    Set<Integer> inPool() throws Exception {
        Set<Integer> indexes = new HashSet<>();
        try (Connection c = Suite.get().database(Service.POOL); PreparedStatement q = c.prepareStatement(
                "select phone from lead where tenant_id = 'acme' and phone like ?")) {
            q.setString(1, phoneLike());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String phone = rs.getString(1);
                    indexes.add(Integer.parseInt(phone.substring(phone.length() - 4)));
                }
            }
        }
        return indexes;
    }

    /** The stored (E.164) phones of the stream's leads start so. */
    String phoneLike() {
        return phonePrefix.replace(" ", "") + "%";
    }
}
