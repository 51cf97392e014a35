package io.leadpool.intake.imports;

import static io.leadpool.intake.imports.ImportService.await;

import io.leadpool.events.ImportBatchReceived;
import io.leadpool.events.Uuid7;
import io.leadpool.platform.outbox.ImportBatchedEvents;
import io.leadpool.platform.outbox.Outbox;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.text.ContactNormalizer;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.platform.tx.TenantTransactions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hands the rows of running imports on to dedup. A worker leases one import (any replica may hold it;
 * an expired lease is taken over), copies its stored bytes to a temporary file, skips the rows already
 * handed on and continues in batches: each batch is one transaction that stores the batch's rejected rows,
 * adds its good rows to the outbox as one {@code ImportBatchReceived} (more only when the rows are too large for
 * one Kafka record) and moves the import's {@code processed} counter
 * (only if this worker still holds it at the expected position, else the transaction is rolled back). A
 * crash anywhere loses nothing and repeats nothing: the next holder resumes at the last committed batch.
 */
@ApplicationScoped
public class ImportWorker {

    private final ImportRepository imports;
    private final TenantTransactions tx;
    private final Outbox outbox;
    private final ImportLimits limits;
    private final ContactNormalizer normalizer;
    private final int maxFieldLength;
    private final int workers;
    private final String workerId = "intake-" + UUID.randomUUID();
    private final AtomicInteger busy = new AtomicInteger();
    private final Counter rowsSent;
    private final Counter rowsRejected;
    private ExecutorService executor;
    private Vertx vertx;
    private long timer;

    public ImportWorker(ImportRepository imports, TenantTransactions tx, Outbox outbox, ImportLimits limits,
            MeterRegistry registry,
            @ConfigProperty(name = "leadpool.intake.default-region") String defaultRegion,
            @ConfigProperty(name = "leadpool.intake.max-field-length") int maxFieldLength,
            @ConfigProperty(name = "leadpool.import.workers", defaultValue = "1") int workers) {
        this.imports = imports;
        this.tx = tx;
        this.outbox = outbox;
        this.limits = limits;
        this.normalizer = new ContactNormalizer(defaultRegion);
        this.maxFieldLength = maxFieldLength;
        this.workers = workers;
        // leadpool_import_rows_total{result}: rows handed on to dedup (SENT) or refused here (REJECTED), counted
        // when their batch has committed; rate() of it is the import's rows per second.
        this.rowsSent = registry.counter("leadpool.import.rows", "result", "SENT");
        this.rowsRejected = registry.counter("leadpool.import.rows", "result", "REJECTED");
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        this.executor = Executors.newFixedThreadPool(workers, r -> new Thread(r, "import-worker"));
        this.vertx = vertx;
        // Looks for imports left by a crashed worker (their lease expires) and for new ones.
        this.timer = vertx.setPeriodic(2000, 2000, id -> wake());
    }

    void stop(@Observes ShutdownEvent event) {
        if (vertx != null) {
            vertx.cancelTimer(timer);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** Starts a worker if one is free; it works until no import is left to lease. */
    public void wake() {
        if (executor == null || busy.incrementAndGet() > workers) {
            busy.decrementAndGet();
            return;
        }
        executor.execute(() -> {
            try {
                ImportRepository.Lease lease;
                while ((lease = await(() -> imports.lease(workerId, limits.lease()))) != null) {
                    process(lease);
                }
            } catch (RuntimeException e) {
                Log.warnf("import worker stopped, will look again: %s", e.toString());
            } finally {
                busy.decrementAndGet();
            }
        });
    }

    private void process(ImportRepository.Lease lease) {
        String tenant = lease.tenantId();
        ImportJob job = await(() -> tx.inTenant(tenant, () -> imports.findInTenant(tenant, lease.id())));
        Path copy = null;
        try {
            copy = Files.createTempFile("import-" + job.id, ".part");
            if (!restore(tenant, job.id, copy)) {
                failOn(tenant, job.id, "the stored file is gone");
                return;
            }
            ImportFormat format = ImportFormat.detect(copy, job.fileName, job.charset);
            handOn(job, lease.processed(), format, copy);
        } catch (ProblemException e) {
            failOn(tenant, job.id, e.getMessage());
        } catch (IOException e) {
            Log.warnf("import %s paused: %s", job.id, e.toString());
        } finally {
            if (copy != null) {
                copy.toFile().delete();
            }
        }
    }

    private void handOn(ImportJob job, long alreadyProcessed, ImportFormat format, Path file) throws IOException {
        ImportRowMapper mapper = new ImportRowMapper(job.columns, normalizer, maxFieldLength);
        try (RowReader rows = format.open(file, limits)) {
            rows.next(); // the header
            long row = 0;
            while (row < alreadyProcessed && rows.next() != null) {
                row++;
            }
            long processed = alreadyProcessed;
            while (processed < job.total) {
                List<ImportBatchReceived.ImportedLead> good = new ArrayList<>(limits.batchRows());
                List<ImportRepository.StoredRejection> rejections = new ArrayList<>();
                int count = 0;
                int rejected = 0;
                Instant now = DbClock.now();
                List<String> cells;
                while (count < limits.batchRows() && (cells = rows.next()) != null) {
                    count++;
                    row++;
                    ImportRowMapper.Mapped mapped = mapper.map(cells);
                    if (mapped.lead() == null) {
                        rejected++;
                        for (ImportRowMapper.Rejection r : mapped.rejections()) {
                            rejections.add(new ImportRepository.StoredRejection(row, r.column(), r.reason(), r.value()));
                        }
                    } else {
                        good.add(new ImportBatchReceived.ImportedLead(Uuid7.next(), row, mapped.lead()));
                    }
                }
                if (count == 0) {
                    throw FileProblem.invalid("FILE_CHANGED", "the stored file has fewer rows than counted at upload");
                }
                List<Outbox.Pending> events = ImportBatchedEvents.pending(job.tenantId,
                        ImportBatchReceived.of(job.id, job.poolId, job.createdBy, now, good));
                long expected = processed;
                int batch = count;
                int refused = rejected;
                boolean last = processed + count == job.total;
                boolean held = await(() -> commitBatch(job, expected, batch, refused, rejections, events, last));
                if (!held) {
                    Log.infof("import %s stopped at row %d: cancelled or taken over", job.id, processed);
                    return;
                }
                processed += count;
                rowsSent.increment(count - rejected);
                rowsRejected.increment(rejected);
            }
        }
    }

    /**
     * One batch in one transaction: its rejected rows, its events, and last the checkpoint that moves {@code processed}
     * from {@code expected}. Last, so that the import's row is locked only for the commit: the consumer of dedup's
     * decisions counts on that row too, and waited up to a whole batch's inserts for it. False, with nothing written,
     * when the import is no longer this worker's at {@code expected} (cancelled, or taken over).
     */
    Uni<Boolean> commitBatch(ImportJob job, long expected, int rows, int rejected,
            List<ImportRepository.StoredRejection> rejections, List<Outbox.Pending> events, boolean last) {
        return tx.inTenant(job.tenantId, () -> imports.addRejections(job.tenantId, job.id, rejections)
                .chain(() -> outbox.addAll(events))
                .chain(() -> last ? imports.dropChunks(job.tenantId, job.id) : Uni.createFrom().voidItem())
                .chain(() -> imports.checkpoint(job.tenantId, job.id, workerId, expected, rows, rejected,
                        limits.lease()))
                .chain(ok -> ok ? Uni.createFrom().item(true) : Uni.createFrom().failure(new NotHeld())))
                .onFailure(NotHeld.class).recoverWithItem(false);
    }

    /** The batch's checkpoint found the import cancelled or taken over: its transaction is rolled back. */
    private static final class NotHeld extends RuntimeException {
        NotHeld() {
            super("the import is no longer this worker's", null, false, false);
        }
    }

    /** Copies the stored chunks to a file; false when there are none. */
    private boolean restore(String tenant, UUID id, Path copy) throws IOException {
        try (OutputStream out = Files.newOutputStream(copy)) {
            for (int seq = 0;; seq++) {
                int s = seq;
                byte[] bytes = await(() -> imports.chunk(tenant, id, s));
                if (bytes == null) {
                    return seq > 0;
                }
                out.write(bytes);
            }
        }
    }

    private void failOn(String tenant, UUID id, String reason) {
        Log.warnf("import %s failed: %s", id, reason);
        await(() -> tx.inTenant(tenant, () -> imports.fail(tenant, id, reason)));
    }
}
