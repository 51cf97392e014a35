package io.leadpool.pool.pool;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A shared pool of leads and the rules that make claiming from it fair. */
@Entity
@Table(name = "pool")
public class Pool extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    public String name;

    public String description;

    @Column(name = "is_default", updatable = false)
    public boolean isDefault;

    @JdbcTypeCode(SqlTypes.JSON)
    public PoolRules rules;

    /** The pool's administrators (an object column: reactive JSON columns cannot be top-level arrays). */
    @JdbcTypeCode(SqlTypes.JSON)
    public Administrators admins;

    /** User ids of a pool's administrators. */
    public record Administrators(java.util.List<String> userIds) {
        public Administrators {
            userIds = userIds == null ? java.util.List.of() : java.util.List.copyOf(userIds);
        }
    }

    @JdbcTypeCode(SqlTypes.JSON)
    public PoolScope scope;

    @JdbcTypeCode(SqlTypes.JSON)
    public PoolRouting routing;

    @Version
    public long version;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
