package io.leadpool.platform.ratelimit;

import io.leadpool.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Token buckets, one per limit and key (a web-form key, a rep, a tenant): a limit of {@code permits} per
 * {@code period} lets that many through at once, then one more each {@code period / permits}. Refusals
 * say when the next token comes ({@code Retry-After}). Per replica: behind a balancer with several
 * replicas the effective limit is the sum (a gateway in front may add a global one).
 *
 * <p>The buckets do not accumulate: a bucket left alone until it is full again is the same as no bucket,
 * so such buckets are dropped, at most once a minute, by the call that finds the sweep due. What stays
 * is bounded by the keys active within one refill period.
 */
@ApplicationScoped
public class RateLimiter {

    /** The code of every refusal, whatever the limit. */
    public static final String RATE_LIMITED = "RATE_LIMITED";
    static final long SWEEP_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    /** A named limit: {@code permits} per {@code period}, in bursts of up to {@code permits}. */
    public record Limit(String name, int permits, Duration period) {

        public Limit {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a limit has a name");
            }
            if (permits < 1) {
                throw new IllegalArgumentException("limit " + name + ": at least 1 permit, not " + permits);
            }
            if (period == null || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("limit " + name + ": a positive period");
            }
        }

        public static Limit perMinute(String name, int permits) {
            return new Limit(name, permits, Duration.ofMinutes(1));
        }

        public static Limit perHour(String name, int permits) {
            return new Limit(name, permits, Duration.ofHours(1));
        }

        double perNano() {
            return permits / (double) period.toNanos();
        }
    }

    /**
     * What a request got: {@code granted} tokens (of those it asked for) and, when it got fewer, in how
     * many seconds (at least 1) the next token comes.
     */
    public record Verdict(int granted, long retryAfterSeconds) {

        public boolean allowed() {
            return granted > 0;
        }

        /** 429 {@code RATE_LIMITED} with a {@code retryAfter} extension (ProblemMapper turns it into Retry-After). */
        public ProblemException refusal(String detail) {
            return new ProblemException(429, RATE_LIMITED, "Too many requests", detail,
                    Map.of("retryAfter", retryAfterSeconds));
        }
    }

    private static final class Bucket {
        /** The limit it was last used with: the sweep needs its rate and size. */
        Limit limit;
        double tokens;
        long updatedNanos;
        boolean evicted;

        Bucket(Limit limit, long now) {
            this.limit = limit;
            this.tokens = limit.permits();
            this.updatedNanos = now;
        }

        /** Tokens now: refilled for the time since the last call, never beyond the limit's size. */
        double refill(long now) {
            tokens = Math.min(limit.permits(), tokens + Math.max(0, now - updatedNanos) * limit.perNano());
            updatedNanos = now;
            return tokens;
        }
    }

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final AtomicLong nextSweep;

    public RateLimiter() {
        this(System::nanoTime);
    }

    /** With a clock the caller holds (nanoseconds, as {@link System#nanoTime()}). */
    RateLimiter(LongSupplier clock) {
        this.clock = clock;
        this.nextSweep = new AtomicLong(clock.getAsLong() + SWEEP_EVERY_NANOS);
    }

    /** One token, or a refusal that says when to come back. */
    public Verdict take(Limit limit, String key) {
        return takeUpTo(limit, key, 1);
    }

    /**
     * Up to {@code wanted} tokens at once, as many as the bucket holds (a batch: the first ones pass, the
     * rest are refused with the same Retry-After).
     */
    public Verdict takeUpTo(Limit limit, String key, int wanted) {
        if (wanted < 1) {
            throw new IllegalArgumentException("at least one token, not " + wanted);
        }
        long now = clock.getAsLong();
        sweepIfDue(now);
        String id = limit.name() + '\u0000' + key;
        while (true) {
            Bucket bucket = buckets.computeIfAbsent(id, k -> new Bucket(limit, now));
            synchronized (bucket) {
                if (bucket.evicted) {
                    continue; // a sweep dropped it meanwhile: the next look-up makes a fresh one
                }
                bucket.limit = limit;
                double tokens = bucket.refill(now);
                int granted = (int) Math.min(wanted, Math.floor(tokens));
                bucket.tokens -= granted;
                if (granted == wanted) {
                    return new Verdict(granted, 0);
                }
                double missing = 1 - bucket.tokens;
                long seconds = (long) Math.ceil(missing / limit.perNano() / 1e9);
                return new Verdict(granted, Math.max(1, seconds));
            }
        }
    }

    /** How many buckets are kept (for tests and metrics). */
    public int size() {
        return buckets.size();
    }

    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + SWEEP_EVERY_NANOS)) {
            return;
        }
        sweep(now);
    }

    /** Drops every bucket that has filled up again: it would be recreated exactly as it is. */
    void sweep(long now) {
        buckets.forEach((id, bucket) -> {
            synchronized (bucket) {
                if (!bucket.evicted && bucket.refill(now) >= bucket.limit.permits()) {
                    bucket.evicted = true;
                    buckets.remove(id, bucket);
                }
            }
        });
    }
}
