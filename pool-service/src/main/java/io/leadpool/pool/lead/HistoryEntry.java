package io.leadpool.pool.lead;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One change of a lead: who did what, why, and the version it produced. Never updated. */
@Entity
@Table(name = "lead_history")
public class HistoryEntry extends PanacheEntityBase {

    /** What happened. */
    public enum Action {
        POOLED, CLAIMED, ASSIGNED, TRANSFERRED, FOLLOWED_UP, LOCKED, UNLOCKED, RELEASED, RECYCLED, REP_OFFBOARDED, TOUCHED,
        STAGE_CHANGED, LEVEL_CHANGED, RESCHEDULED, CONVERTED, MERGED, DISCARDED
    }

    @Id
    public UUID id;

    @Column(name = "tenant_id", updatable = false)
    public String tenantId;

    @Column(name = "lead_id", updatable = false)
    public UUID leadId;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Action action;

    @Column(name = "actor_id")
    public String actorId;

    @Column(name = "actor_name")
    public String actorName;

    @Column(name = "from_owner")
    public String fromOwner;

    @Column(name = "to_owner")
    public String toOwner;

    public String reason;

    @Column(name = "pool_id")
    public UUID poolId;

    public long version;

    public Instant at;

    /** The lead's score band when this happened (what a rep received, by band). */
    @Column(name = "score_band")
    public String scoreBand;
}
