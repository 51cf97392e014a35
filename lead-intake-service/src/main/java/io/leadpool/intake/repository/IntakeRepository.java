package io.leadpool.intake.repository;

import io.leadpool.platform.tx.DbClock;
import io.leadpool.intake.Intake;
import io.leadpool.intake.IntakeStatus;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class IntakeRepository implements PanacheRepositoryBase<Intake, UUID> {

    public Uni<Intake> findInTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    public Uni<Intake> findByIdempotencyKey(String tenantId, String key) {
        return find("tenantId = ?1 and idempotencyKey = ?2", tenantId, key).firstResult();
    }

    /** Records dedup's decision; only a RECEIVED intake changes (decisions are final). */
    public Uni<Integer> decide(String tenantId, UUID id, IntakeStatus status, UUID leadId, UUID duplicateOf,
            String matchedOn) {
        return update("status = ?1, leadId = ?2, duplicateOf = ?3, matchedOn = ?4, updatedAt = ?5"
                + " where tenantId = ?6 and id = ?7 and status = ?8",
                status, leadId, duplicateOf, matchedOn, DbClock.now(), tenantId, id, IntakeStatus.RECEIVED);
    }
}
