package io.leadpool.intake.channel;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A web-form channel of a tenant: its public key, name, campaign and rate. */
@Entity
@Table(name = "channel")
public class Channel extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "channel_key", updatable = false)
    public String key;

    @Column(updatable = false)
    public String name;

    @Column(updatable = false)
    public String campaign;

    @Column(name = "rate_per_minute", updatable = false)
    public int ratePerMinute;

    public boolean active;

    @Column(name = "created_by", updatable = false)
    public String createdBy;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;
}
