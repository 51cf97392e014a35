package io.leadpool.pool.lead;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.leadpool.events.LeadDeadlines;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A lead in a pool or in a rep's book. {@code version} grows with every change of owner or deadline;
 * conditional writes ({@code … where version = ?}) are how claims and recycles stay race-free.
 */
@Entity
@Table(name = "lead")
public class Lead extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "pool_id")
    public UUID poolId;

    @Enumerated(EnumType.STRING)
    public LeadState state;

    @Column(name = "owner_id")
    public String ownerId;

    @Column(name = "previous_owner_id")
    public String previousOwnerId;

    @Column(name = "intake_id", updatable = false)
    public UUID intakeId;

    public String name;
    public String company;
    public String phone;
    public String email;
    public String region;
    public String industry;
    public String product;
    public String channel;
    public String campaign;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> attributes;

    public long version;

    @Column(name = "owned_since")
    public Instant ownedSince;

    @Column(name = "last_follow_up_at")
    public Instant lastFollowUpAt;

    @Column(name = "follow_up_due_at")
    public Instant followUpDueAt;

    @Column(name = "follow_up_rule")
    public String followUpRule;

    @Column(name = "follow_up_remind_at")
    public Instant followUpRemindAt;

    @Enumerated(EnumType.STRING)
    public Stage stage = Stage.NEW;

    /** The customer level (A, B, …) that picks a pool's level override. */
    public String level;

    /** When the stage last advanced (or the lead was taken): the progress clock counts from here. */
    @Column(name = "progress_since")
    public Instant progressSince;

    @Column(name = "progress_due_at")
    public Instant progressDueAt;

    @Column(name = "progress_rule")
    public String progressRule;

    @Column(name = "progress_remind_at")
    public Instant progressRemindAt;

    /** When the lead last entered a pool: the new-lead embargo counts from here. */
    @Column(name = "pooled_at")
    public Instant pooledAt;

    /** When the lead last left an owner: the previous owner's cooldown counts from here. */
    @Column(name = "returned_at")
    public Instant returnedAt;

    @Column(name = "converted_at")
    public Instant convertedAt;

    @Column(name = "account_id")
    public UUID accountId;

    @Column(name = "contact_id")
    public UUID contactId;

    @Column(name = "opportunity_id")
    public UUID opportunityId;

    /**
     * The probability that the lead converts, under its tenant's scoring model when it was last scored; null
     * while the tenant has none (too little history). Not part of {@code version}: scoring changes no rule.
     */
    public Double score;

    /** The score's band among the tenant's leads: HIGH, MEDIUM or LOW (null without a score). */
    @Column(name = "score_band")
    public String scoreBand;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The clocks stored on this lead. */
    public LeadClocks.Clocks clocks() {
        return new LeadClocks.Clocks(
                followUpDueAt == null ? null : new LeadClocks.Clock(followUpDueAt, followUpRule, followUpRemindAt),
                progressDueAt == null ? null : new LeadClocks.Clock(progressDueAt, progressRule, progressRemindAt));
    }

    /** The clocks running on this lead, as the scheduler is told them. */
    public LeadDeadlines deadlines() {
        return clocks().toEvent();
    }

    public boolean isOwnedBy(String userId) {
        return userId != null && userId.equals(ownerId);
    }
}
