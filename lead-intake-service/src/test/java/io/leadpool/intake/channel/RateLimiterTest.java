package io.leadpool.intake.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The token bucket on a clock the test holds: bursts up to the rate, refills over the minute, per key. */
class RateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void a_burst_up_to_the_rate_then_refusals_that_say_when_to_come_back() {
        RateLimiter limiter = new RateLimiter();
        for (int i = 0; i < 6; i++) {
            assertThat(limiter.take("k", 6, 0).allowed()).isTrue();
        }
        RateLimiter.Verdict refused = limiter.take("k", 6, 0);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(10); // 6 a minute: one token every 10 s
        assertThat(limiter.take("other", 6, 0).allowed()).isTrue();
    }

    @Test
    void tokens_come_back_with_time_and_never_beyond_the_rate() {
        RateLimiter limiter = new RateLimiter();
        for (int i = 0; i < 6; i++) {
            limiter.take("k", 6, 0);
        }
        assertThat(limiter.take("k", 6, 9 * SECOND).allowed()).isFalse();
        assertThat(limiter.take("k", 6, 10 * SECOND).allowed()).isTrue();
        // An hour of quiet refills the bucket to its size, not to 360.
        for (int i = 0; i < 6; i++) {
            assertThat(limiter.take("k", 6, 3600 * SECOND).allowed()).isTrue();
        }
        assertThat(limiter.take("k", 6, 3600 * SECOND).allowed()).isFalse();
    }
}
