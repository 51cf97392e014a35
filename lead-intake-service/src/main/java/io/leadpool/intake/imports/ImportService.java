package io.leadpool.intake.imports;

import io.leadpool.events.Uuid7;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.platform.tx.Failures;
import io.leadpool.platform.tx.TenantTransactions;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts imports. An upload is read once, whole, before anything is stored: format and charset are
 * established from the bytes, the header mapped, every row counted and checked against the limits, so a
 * broken file is refused at once with a precise problem and a good one has its exact total from the
 * start. Then the bytes are stored in the database (any replica can resume) and the job committed; the
 * {@link ImportWorker} takes it from there. Runs on a worker thread (it reads files).
 */
@ApplicationScoped
public class ImportService {

    /** What the caller sent. */
    public record Upload(Path file, String fileName, Map<String, String> mapping, UUID poolId, String charset,
            String idempotencyKey) {
    }

    /** The import, and whether this call created it (false: the same key was used before). */
    public record Started(ImportJob job, boolean created) {
    }

    private final ImportRepository imports;
    private final TenantTransactions tx;
    private final ImportLimits limits;
    private final ImportWorker worker;
    private final int maxAttributes;

    public ImportService(ImportRepository imports, TenantTransactions tx, ImportLimits limits, ImportWorker worker,
            @ConfigProperty(name = "leadpool.intake.max-attributes") int maxAttributes) {
        this.imports = imports;
        this.tx = tx;
        this.limits = limits;
        this.worker = worker;
        this.maxAttributes = maxAttributes;
    }

    public Started start(Actor actor, Upload upload) throws IOException {
        String key = upload.idempotencyKey();
        if (key != null && (key.isBlank() || key.length() > 200)) {
            throw ProblemException.invalid("Idempotency-Key", "1 to 200 characters");
        }
        long size = Files.size(upload.file());
        if (size > limits.maxBytes()) {
            throw FileProblem.tooLarge("FILE_TOO_LARGE", "the file has " + size + " bytes; at most " + limits.maxBytes()
                    + " are imported");
        }
        String sha256 = sha256(upload.file());
        if (key != null) {
            ImportJob earlier = await(() -> tx.inTenant(actor.tenantId(),
                    () -> imports.findByIdempotencyKey(actor.tenantId(), key)));
            if (earlier != null) {
                return sameKey(earlier, sha256);
            }
        }
        ImportFormat format = ImportFormat.detect(upload.file(), upload.fileName(), upload.charset());
        ImportColumns columns;
        long total = 0;
        try (RowReader rows = format.open(upload.file(), limits)) {
            List<String> header = rows.next();
            if (header == null) {
                throw FileProblem.invalid("EMPTY_FILE", "the file has no header row");
            }
            columns = ImportColumns.of(header, upload.mapping(), maxAttributes);
            while (rows.next() != null) {
                if (++total > limits.maxRows()) {
                    throw FileProblem.tooLarge("TOO_MANY_ROWS", "the file has more than " + limits.maxRows() + " rows");
                }
            }
        }
        if (total == 0) {
            throw FileProblem.invalid("NO_ROWS", "the file has a header but no rows");
        }
        UUID id = Uuid7.next();
        storeFile(actor.tenantId(), id, upload.file());
        ImportJob job = new ImportJob();
        job.id = id;
        job.tenantId = actor.tenantId();
        job.status = ImportStatus.RUNNING;
        job.idempotencyKey = key;
        job.fileName = upload.fileName() == null ? "upload" : upload.fileName();
        job.format = format.kind();
        job.charset = format.kind() == ImportFormat.Kind.CSV ? format.charset().name() : null;
        job.sizeBytes = size;
        job.sha256 = sha256;
        job.columns = columns;
        job.poolId = upload.poolId();
        job.total = total;
        job.createdBy = actor.userId();
        job.startedAt = DbClock.now();
        try {
            await(() -> tx.inTenant(actor.tenantId(), () -> imports.persist(job)));
        } catch (RuntimeException e) {
            await(() -> tx.inTenant(actor.tenantId(), () -> imports.dropChunks(actor.tenantId(), id)));
            if (key != null && Failures.isUniqueViolation(e, "import_job_idempotency")) {
                // The same key at the same moment: the other upload won.
                return sameKey(await(() -> tx.inTenant(actor.tenantId(),
                        () -> imports.findByIdempotencyKey(actor.tenantId(), key))), sha256);
            }
            throw e;
        }
        worker.wake();
        return new Started(job, true);
    }

    private static Started sameKey(ImportJob earlier, String sha256) {
        if (!earlier.sha256.equals(sha256)) {
            throw ProblemException.conflict("IDEMPOTENCY_KEY_REUSED",
                    "this Idempotency-Key was used for another file (import " + earlier.id + ")",
                    Map.of("importId", earlier.id));
        }
        return new Started(earlier, false);
    }

    private void storeFile(String tenantId, UUID id, Path file) throws IOException {
        int chunk = limits.storeChunkBytes();
        try (InputStream in = Files.newInputStream(file)) {
            int seq = 0;
            while (true) {
                // A few chunks per transaction: memory stays at a few MB whatever the file's size.
                List<byte[]> group = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    byte[] bytes = in.readNBytes(chunk);
                    if (bytes.length == 0) {
                        break;
                    }
                    group.add(bytes);
                }
                if (group.isEmpty()) {
                    return;
                }
                int first = seq;
                await(() -> imports.storeChunks(tenantId, id, first, group));
                seq += group.size();
            }
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs reactive work from this blocking thread on a Vert.x context, and waits for it. */
    static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
