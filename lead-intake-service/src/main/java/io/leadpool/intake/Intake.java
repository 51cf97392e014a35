package io.leadpool.intake;

import io.leadpool.events.LeadDetails;
import io.leadpool.events.LeadRejected;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One lead as it came in, and what dedup made of it. */
@Entity
@Table(name = "intake")
public class Intake extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Enumerated(EnumType.STRING)
    public IntakeStatus status;

    @Column(name = "idempotency_key", updatable = false)
    public String idempotencyKey;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(updatable = false)
    public LeadDetails lead;

    @Column(name = "received_by", updatable = false)
    public String receivedBy;

    @Column(name = "lead_id")
    public UUID leadId;

    @Column(name = "duplicate_of")
    public UUID duplicateOf;

    /** Comma-separated keys a duplicate matched on (PHONE, EMAIL). */
    @Column(name = "matched_on")
    public String matchedOn;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<LeadRejected.Violation> violations;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
