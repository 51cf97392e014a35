package io.leadpool.dedup.conflict;

import io.leadpool.events.ConflictResolved;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A new lead whose company resembles an existing lead's (撞单), and what an arbiter decided. */
@Entity
@Table(name = "conflict")
public class Conflict extends PanacheEntityBase {

    public enum Status {
        OPEN, RESOLVED
    }

    /** Which fields matched, kept as a JSON object. */
    public record Matched(java.util.List<String> fields) {
    }

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "lead_id", updatable = false)
    public UUID leadId;

    @Column(name = "existing_lead_id", updatable = false)
    public UUID existingLeadId;

    @Column(updatable = false)
    public float score;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(updatable = false)
    public Matched matched;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Enumerated(EnumType.STRING)
    public ConflictResolved.Action action;

    @Column(name = "resolved_by")
    public String resolvedBy;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;
}
