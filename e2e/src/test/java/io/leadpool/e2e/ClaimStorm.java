package io.leadpool.e2e;

import static io.leadpool.e2e.Api.at;

import io.leadpool.e2e.Suite.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reps claiming leads of pool-service, each in a loop of its own until stopped; every answer is kept. A rep
 * told to come back later (429 or 503 with Retry-After) does, as a real client does; a rep that gets no
 * answer (the service is down) tries again shortly.
 */
final class ClaimStorm {

    private final AtomicBoolean stop = new AtomicBoolean();
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final ExecutorService threads;
    private final List<Future<?>> loops = new ArrayList<>();

    /**
     * @param nextLead the lead a rep tries next, or empty when there is none to try now
     * @param pause    between a rep's claims
     */
    private ClaimStorm(List<Caller> reps, Function<Caller, Optional<String>> nextLead, Duration pause) {
        threads = Executors.newFixedThreadPool(reps.size());
        for (Caller rep : reps) {
            loops.add(threads.submit(() -> {
                while (!stop.get()) {
                    claimOnce(rep, nextLead);
                    Thread.sleep(pause.toMillis());
                }
                return null;
            }));
        }
    }

    static ClaimStorm start(List<Caller> reps, Function<Caller, Optional<String>> nextLead, Duration pause) {
        return new ClaimStorm(reps, nextLead, pause);
    }

    private void claimOnce(Caller rep, Function<Caller, Optional<String>> nextLead) throws InterruptedException {
        try {
            Optional<String> lead = nextLead.apply(rep);
            if (lead.isEmpty()) {
                return;
            }
            var response = at(Service.POOL, rep).post("/api/v1/leads/{id}/claim", lead.get());
            Answer answer = Answer.of(response);
            answers.add(answer);
            String retryAfter = response.header("Retry-After");
            if ((answer.status() == 429 || answer.status() == 503) && retryAfter != null) {
                Thread.sleep(TimeUnit.SECONDS.toMillis(Long.parseLong(retryAfter)));
            }
        } catch (Exception refused) { // connection refused or reset: the service is down
            answers.add(Answer.none(refused));
            Thread.sleep(50);
        }
    }

    /** Stops the reps and waits for their last claims. */
    void stop() throws Exception {
        stop.set(true);
        for (Future<?> loop : loops) {
            loop.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();
    }

    List<Answer> answers() {
        return List.copyOf(answers);
    }

    /** How many answers of each status (-1: none). */
    Map<Integer, Integer> statuses() {
        Map<Integer, Integer> statuses = new TreeMap<>();
        answers.forEach(a -> statuses.merge(a.status(), 1, Integer::sum));
        return statuses;
    }

    /** The first answer after {@code instant} that matches, if any yet. */
    Optional<Answer> firstAfter(Instant instant, Predicate<Answer> matching) {
        return answers.stream().filter(a -> a.at().isAfter(instant) && matching.test(a))
                .min(Comparator.comparing(Answer::at));
    }
}
