package io.leadpool.dedup.metrics;

import io.leadpool.dedup.identity.Decision;
import io.leadpool.platform.tx.TenantTransactions;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * {@code leadpool_dedup_decisions_total{decision}}: NEW (a new lead), FLAGGED (a new lead whose company
 * resembles an existing lead's: a conflict was opened), DUPLICATE, REJECTED. Counted once the decisions have
 * committed: a batch that fails and is decided again one lead at a time counts each lead once.
 */
@ApplicationScoped
public class DecisionMetrics {

    private final MeterRegistry registry;

    public DecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void decided(List<Decision> decisions) {
        TenantTransactions.afterCommit(() -> {
            for (Decision d : decisions) {
                registry.counter("leadpool.dedup.decisions", "decision", label(d)).increment();
            }
        });
    }

    static String label(Decision d) {
        if (d instanceof Decision.Accepted a) {
            return a.resembles() == null ? "NEW" : "FLAGGED";
        }
        return d instanceof Decision.Duplicate ? "DUPLICATE" : "REJECTED";
    }
}
