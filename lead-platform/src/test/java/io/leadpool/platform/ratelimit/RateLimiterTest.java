package io.leadpool.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.ratelimit.RateLimiter.Limit;
import io.leadpool.platform.ratelimit.RateLimiter.Verdict;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket on a clock the test holds: bursts up to the limit, refills over the period, per key. */
class RateLimiterTest {

    private static final long SECOND = 1_000_000_000L;
    private static final Limit SIX_A_MINUTE = Limit.perMinute("form", 6);

    private final AtomicLong now = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(now::get);

    private Verdict take(String key) {
        return limiter.take(SIX_A_MINUTE, key);
    }

    @Test
    void a_burst_up_to_the_rate_then_refusals_that_say_when_to_come_back() {
        for (int i = 0; i < 6; i++) {
            assertThat(take("k").allowed()).isTrue();
        }
        Verdict refused = take("k");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(10); // 6 a minute: one token every 10 s
        assertThat(take("other").allowed()).isTrue();
    }

    @Test
    void tokens_come_back_with_time_and_never_beyond_the_rate() {
        for (int i = 0; i < 6; i++) {
            take("k");
        }
        now.set(9 * SECOND);
        assertThat(take("k").allowed()).isFalse();
        now.set(10 * SECOND);
        assertThat(take("k").allowed()).isTrue();
        // An hour of quiet refills the bucket to its size, not to 360.
        now.set(3600 * SECOND);
        for (int i = 0; i < 6; i++) {
            assertThat(take("k").allowed()).isTrue();
        }
        assertThat(take("k").allowed()).isFalse();
    }

    @Test
    void limits_of_different_names_do_not_share_a_key_s_bucket() {
        Limit imports = Limit.perHour("imports", 1);
        assertThat(limiter.take(imports, "acme").allowed()).isTrue();
        assertThat(limiter.take(imports, "acme").retryAfterSeconds()).isEqualTo(3600);
        assertThat(take("acme").allowed()).isTrue();
    }

    @Test
    void a_batch_takes_what_is_there_and_is_told_when_the_next_token_comes() {
        Verdict first = limiter.takeUpTo(SIX_A_MINUTE, "rep", 4);
        assertThat(first.granted()).isEqualTo(4);
        assertThat(first.retryAfterSeconds()).isZero();
        Verdict second = limiter.takeUpTo(SIX_A_MINUTE, "rep", 4);
        assertThat(second.granted()).isEqualTo(2);
        assertThat(second.retryAfterSeconds()).isEqualTo(10);
        Verdict third = limiter.takeUpTo(SIX_A_MINUTE, "rep", 4);
        assertThat(third.allowed()).isFalse();
        assertThat(third.retryAfterSeconds()).isEqualTo(10);
        now.set(25 * SECOND); // 2.5 tokens back
        assertThat(limiter.takeUpTo(SIX_A_MINUTE, "rep", 4).granted()).isEqualTo(2);
    }

    @Test
    void a_refusal_is_a_429_problem_with_retry_after() {
        for (int i = 0; i < 6; i++) {
            take("k");
        }
        ProblemException p = take("k").refusal("slow down");
        assertThat(p.status()).isEqualTo(429);
        assertThat(p.code()).isEqualTo("RATE_LIMITED");
        assertThat(p.extensions()).containsEntry("retryAfter", 10L);
    }

    @Test
    void idle_buckets_are_dropped_once_full_and_busy_ones_are_kept() {
        for (int i = 0; i < 1000; i++) {
            take("key-" + i);
        }
        for (int i = 0; i < 6; i++) {
            take("busy");
        }
        assertThat(limiter.size()).isEqualTo(1001);
        // After the sweep interval, every bucket that took one token has refilled (10 s); "busy" needs 60 s.
        now.set(RateLimiter.SWEEP_EVERY_NANOS - 1);
        take("busy");
        assertThat(limiter.size()).isEqualTo(1001);
        now.set(RateLimiter.SWEEP_EVERY_NANOS);
        take("another");
        assertThat(limiter.size()).as("only the bucket in use and the new one remain").isEqualTo(2);
        // A dropped key starts again with a full bucket, as if it had been kept.
        for (int i = 0; i < 6; i++) {
            assertThat(take("key-1").allowed()).isTrue();
        }
        assertThat(take("key-1").allowed()).isFalse();
    }

    @Test
    void a_limit_needs_a_permit_and_a_period() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Limit.perMinute("x", 0))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Limit("x", 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
