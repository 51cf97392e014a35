package io.leadpool.pool.metrics;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tx.TenantTransactions;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;

/**
 * pool-service's business counters: {@code leadpool_claims_total{outcome}} (CLAIMED, or the code of the
 * refusal: ALREADY_CLAIMED, HOLDING_LIMIT, CLAIM_QUOTA, COOLDOWN, EMBARGO, NOT_IN_SCOPE, ADMIN_ONLY,
 * REP_INACTIVE, NOT_FOUND …) and {@code leadpool_recycles_total{reason}} (NO_FOLLOW_UP, NO_PROGRESS).
 */
@ApplicationScoped
public class PoolMetrics {

    private final MeterRegistry registry;

    public PoolMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts the claim once it has committed or failed, by its outcome. */
    public <T> Uni<T> claim(Uni<T> claim) {
        return claim.onItemOrFailure().invoke((item, failure) -> registry.counter("leadpool.claims",
                "outcome", outcome(failure)).increment());
    }

    static String outcome(Throwable failure) {
        if (failure == null) {
            return "CLAIMED";
        }
        return failure instanceof ProblemException p ? p.code() : "ERROR";
    }

    /**
     * Counts leads taken back, one per reason given, once the transaction that took them back has committed (a batch
     * of commands that fails and is applied again one by one counts each lead once).
     */
    public void recycled(Collection<String> reasons) {
        TenantTransactions.afterCommit(() -> reasons.forEach(r -> registry.counter("leadpool.recycles", "reason",
                r == null ? "UNKNOWN" : r).increment()));
    }
}
