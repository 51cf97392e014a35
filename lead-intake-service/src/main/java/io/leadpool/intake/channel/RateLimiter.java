package io.leadpool.intake.channel;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per channel key: a channel takes {@code ratePerMinute} leads a minute, in bursts of
 * up to that many. Per replica: with several intake replicas behind a balancer the channel's rate is
 * the sum (the gateway in front may add a global limit).
 */
@ApplicationScoped
public class RateLimiter {

    /** Whether a request may pass, and if not, in how many seconds one will. */
    public record Verdict(boolean allowed, long retryAfterSeconds) {
    }

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public Verdict take(String key, int ratePerMinute) {
        return take(key, ratePerMinute, System.nanoTime());
    }

    Verdict take(String key, int ratePerMinute, long now) {
        double perNano = ratePerMinute / 60e9;
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(ratePerMinute, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(ratePerMinute, bucket.tokens + (now - bucket.updatedNanos) * perNano);
            bucket.updatedNanos = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return new Verdict(true, 0);
            }
            return new Verdict(false, (long) Math.ceil((1 - bucket.tokens) / perNano / 1e9));
        }
    }
}
