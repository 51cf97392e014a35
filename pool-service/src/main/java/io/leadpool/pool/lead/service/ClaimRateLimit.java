package io.leadpool.pool.lead.service;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.ratelimit.RateLimiter;
import io.leadpool.platform.tenancy.Actor;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How fast one rep may claim ({@code leadpool.limits.claims-per-minute}, in bursts of as many, per
 * replica): every claim attempt takes a token, refused or not, and a batch takes one per distinct lead id.
 * This is about the pace of requests (a script sweeping the pool); how many leads a rep may hold or claim
 * per day are the pool's rules.
 */
@ApplicationScoped
public class ClaimRateLimit {

    private final RateLimiter limiter;
    private final RateLimiter.Limit limit;

    public ClaimRateLimit(RateLimiter limiter, @ConfigProperty(name = "leadpool.limits.claims-per-minute") int perMinute) {
        this.limiter = limiter;
        this.limit = RateLimiter.Limit.perMinute("claims", perMinute);
    }

    /** Up to {@code wanted} claims for this rep now; the verdict says how many and, if fewer, when to retry. */
    public RateLimiter.Verdict take(Actor rep, int wanted) {
        return limiter.takeUpTo(limit, rep.tenantId() + ':' + rep.userId(), wanted);
    }

    /** The 429 for a rep who has no claim left this minute. */
    public ProblemException refusal(RateLimiter.Verdict verdict) {
        return verdict.refusal(detail(verdict));
    }

    public String detail(RateLimiter.Verdict verdict) {
        return "a rep may claim " + limit.permits() + " leads a minute; retry in " + verdict.retryAfterSeconds() + " s";
    }
}
