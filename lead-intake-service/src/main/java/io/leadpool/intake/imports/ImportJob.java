package io.leadpool.intake.imports;

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

/** An uploaded file and how far its rows got. Counters change only through {@link ImportRepository}. */
@Entity
@Table(name = "import_job")
public class ImportJob extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Enumerated(EnumType.STRING)
    public ImportStatus status;

    @Column(name = "idempotency_key", updatable = false)
    public String idempotencyKey;

    @Column(name = "file_name", updatable = false)
    public String fileName;

    @Enumerated(EnumType.STRING)
    @Column(updatable = false)
    public ImportFormat.Kind format;

    @Column(updatable = false)
    public String charset;

    @Column(name = "size_bytes", updatable = false)
    public long sizeBytes;

    @Column(updatable = false)
    public String sha256;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(updatable = false)
    public ImportColumns columns;

    @Column(name = "pool_id", updatable = false)
    public UUID poolId;

    public long total;
    public long processed;
    public long accepted;
    public long duplicates;
    public long rejected;
    public String failure;

    @Column(name = "created_by", updatable = false)
    public String createdBy;

    @Column(name = "started_at", updatable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
