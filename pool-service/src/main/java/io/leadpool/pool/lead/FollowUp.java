package io.leadpool.pool.lead;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A rep's contact with a lead; it moves the follow-up deadline. */
@Entity
@Table(name = "follow_up")
public class FollowUp extends PanacheEntityBase {

    /** How the rep got in touch. */
    public enum Type {
        CALL, VISIT, EMAIL, MESSAGE, OTHER
    }

    @Id
    public UUID id;

    @Column(name = "tenant_id", updatable = false)
    public String tenantId;

    @Column(name = "lead_id", updatable = false)
    public UUID leadId;

    @Column(name = "rep_id", updatable = false)
    public String repId;

    @Enumerated(EnumType.STRING)
    public Type type;

    public String note;

    public Instant at;
}
