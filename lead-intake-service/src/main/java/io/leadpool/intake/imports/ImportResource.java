package io.leadpool.intake.imports;

import static io.leadpool.intake.imports.ImportService.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpool.platform.audit.AuditLog;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.ratelimit.RateLimiter;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.platform.tx.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** File imports: upload, follow, cancel, and the rejected rows as CSV. Blocking: these read files. */
@Path("/api/v1/imports")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER, Actor.LEAD_SOURCE })
public class ImportResource {

    private static final int ERROR_PAGE = 5000;

    private final ImportService imports;
    private final ImportRepository repository;
    private final TenantTransactions tx;
    private final CurrentActor actor;
    private final ObjectMapper json;
    private final RateLimiter limiter;
    private final RateLimiter.Limit uploads;
    private final AuditLog audit;

    public ImportResource(ImportService imports, ImportRepository repository, TenantTransactions tx,
            CurrentActor actor, ObjectMapper json, RateLimiter limiter, AuditLog audit,
            @ConfigProperty(name = "leadpool.limits.imports-per-hour") int importsPerHour) {
        this.audit = audit;
        this.imports = imports;
        this.repository = repository;
        this.tx = tx;
        this.actor = actor;
        this.json = json;
        this.limiter = limiter;
        this.uploads = RateLimiter.Limit.perHour("imports", importsPerHour);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@RestForm("file") FileUpload file, @RestForm("mapping") String mapping,
            @RestForm("poolId") String poolId, @RestForm("charset") String charset,
            @RestHeader("Idempotency-Key") String idempotencyKey) throws IOException {
        if (file == null || file.uploadedFile() == null) {
            throw ProblemException.invalid("file", "a multipart part named file is required");
        }
        Actor caller = actor.get();
        // Per tenant, before the file is read: every upload counts, a repeated Idempotency-Key too.
        RateLimiter.Verdict verdict = limiter.take(uploads, caller.tenantId());
        if (!verdict.allowed()) {
            throw verdict.refusal("the tenant may start " + uploads.permits() + " imports an hour; retry in "
                    + verdict.retryAfterSeconds() + " s");
        }
        ImportService.Started started = imports.start(caller, new ImportService.Upload(file.uploadedFile(),
                file.fileName(), mapping(mapping), poolId(poolId), charset, idempotencyKey));
        return Response.status(started.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                .location(URI.create("/api/v1/imports/" + started.job().id))
                .entity(ImportView.of(started.job(), DbClock.now())).build();
    }

    @GET
    public List<ImportView> recent() {
        String tenant = actor.get().tenantId();
        return await(() -> tx.inTenant(tenant, () -> repository.recent(tenant, 50))).stream()
                .map(j -> ImportView.of(j, DbClock.now())).toList();
    }

    @GET
    @Path("/{id}")
    public ImportView status(@PathParam("id") UUID id) {
        return ImportView.of(find(id), DbClock.now());
    }

    /** Stops handing rows on; rows already handed on are still decided and counted. */
    @DELETE
    @Path("/{id}")
    public ImportView cancel(@PathParam("id") UUID id) {
        Actor caller = actor.get();
        String tenant = caller.tenantId();
        // One transaction: the job as it was, its bytes gone, the cancellation, the job as it is, the audit entry. The
        // bytes before the job's row, in the order the worker's last batch takes them (ImportWorker.commitBatch): the
        // other way round, a cancel meeting that batch deadlocked. A refused cancel rolls the delete back.
        ImportJob cancelled = await(() -> tx.inTenant(tenant, () -> repository.findInTenant(tenant, id).chain(job -> {
            if (job == null) {
                return Uni.createFrom().failure(ProblemException.notFound("import " + id));
            }
            var before = audit.snapshot(ImportView.of(job, DbClock.now()));
            return repository.dropChunks(tenant, id).chain(() -> repository.cancel(tenant, id)).chain(done -> !done
                    ? Uni.createFrom().failure(ProblemException.conflict("IMPORT_FINISHED", "import " + id + " is "
                            + job.status + " and cannot be cancelled", Map.of("status", job.status)))
                    : Panache.getSession().chain(session -> session.refresh(job))
                            .chain(() -> audit.record(caller, "IMPORT_CANCELLED", "import", id, before,
                                    ImportView.of(job, DbClock.now())))
                            .replaceWith(job));
        })));
        return ImportView.of(cancelled, DbClock.now());
    }

    /**
     * The rejected rows: row number (1 = first row after the header), column, reason and the value
     * found. Cells that a spreadsheet would run as a formula are neutralised.
     */
    @GET
    @Path("/{id}/errors")
    @Produces("text/csv")
    public Response errors(@PathParam("id") UUID id) {
        String tenant = actor.get().tenantId();
        find(id);
        StreamingOutput body = out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            w.write('\uFEFF'); // Excel opens UTF-8 CSV correctly only with a BOM
            w.write("row,column,reason,value\r\n");
            long after = 0;
            while (true) {
                long from = after;
                List<ImportRepository.StoredRejection> page = await(() -> tx.inTenant(tenant,
                        () -> repository.rejections(tenant, id, from, ERROR_PAGE)));
                for (ImportRepository.StoredRejection r : page) {
                    w.write(r.row() + "," + CsvCells.safe(r.column()) + "," + CsvCells.safe(r.reason()) + ","
                            + CsvCells.safe(r.value()) + "\r\n");
                    after = r.row();
                }
                if (page.size() < ERROR_PAGE) {
                    break;
                }
            }
            w.flush();
        };
        return Response.ok(body).header("Content-Disposition", "attachment; filename=\"import-" + id + "-errors.csv\"")
                .build();
    }

    private ImportJob find(UUID id) {
        String tenant = actor.get().tenantId();
        ImportJob job = await(() -> tx.inTenant(tenant, () -> repository.findInTenant(tenant, id)));
        if (job == null) {
            throw ProblemException.notFound("import " + id);
        }
        return job;
    }

    private Map<String, String> mapping(String mapping) {
        if (mapping == null || mapping.isBlank()) {
            return Map.of();
        }
        try {
            return json.readValue(mapping, new TypeReference<Map<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw ProblemException.invalid("mapping", "a JSON object of column header to field");
        }
    }

    private static UUID poolId(String poolId) {
        try {
            return poolId == null || poolId.isBlank() ? null : UUID.fromString(poolId.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("poolId", "not a UUID");
        }
    }
}
