package io.leadpool.intake.messaging;

import io.leadpool.events.EventEnvelope;
import io.leadpool.events.ImportBatchDecided;
import io.leadpool.events.ImportRow;
import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDuplicateDetected;
import io.leadpool.events.LeadRejected;
import io.leadpool.intake.IntakeStatus;
import io.leadpool.intake.imports.ImportJob;
import io.leadpool.intake.imports.ImportRepository;
import io.leadpool.intake.imports.ImportRepository.StoredRejection;
import io.leadpool.intake.repository.IntakeRepository;
import io.leadpool.platform.inbox.IdempotentConsumer;
import io.leadpool.platform.tx.DbClock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Finishes an intake with dedup's decision, and counts the decisions on an import's rows: a batch of
 * decisions becomes one counter update per import (the inbox makes each decision count once).
 */
@ApplicationScoped
public class DedupOutcomeConsumer {

    public static final String CHANNEL = "dedup-outcomes";
    private static final String NAME = "intake.dedup-outcome";

    private final IdempotentConsumer consumer;
    private final IntakeRepository intakes;
    private final ImportRepository imports;

    public DedupOutcomeConsumer(IdempotentConsumer consumer, IntakeRepository intakes, ImportRepository imports) {
        this.consumer = consumer;
        this.intakes = intakes;
        this.imports = imports;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onOutcomes(ConsumerRecords<String, String> records) {
        return consumer.consumeRecords(NAME, records, this::applyAll, e -> applyAll(e.tenantid(), List.of(e)));
    }

    /** Decisions of one import within a batch. */
    private static final class Tally {
        int accepted;
        int duplicates;
        int rejected;
        final List<LeadRejected> rejections = new ArrayList<>();
    }

    private Uni<Void> applyAll(String tenant, List<EventEnvelope> events) {
        Map<UUID, Tally> tallies = new LinkedHashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        List<Record> decisions = new ArrayList<>(events.size());
        events.forEach(e -> decisions.addAll(ImportBatchDecided.decisionsIn(e))); // conflict resolutions: none
        for (Record decision : decisions) {
            if (decision instanceof LeadAccepted a) {
                if (a.importRow() != null) {
                    tally(tallies, a.importRow()).accepted++;
                } else {
                    chain = chain.chain(() -> intakes.decide(tenant, a.intakeId(), IntakeStatus.ACCEPTED, a.leadId(),
                            null, null).replaceWithVoid());
                }
            } else if (decision instanceof LeadDuplicateDetected d) {
                if (d.importRow() != null) {
                    tally(tallies, d.importRow()).duplicates++;
                } else {
                    chain = chain.chain(() -> intakes.decide(tenant, d.intakeId(), IntakeStatus.DUPLICATE, null,
                            d.duplicateOf(), String.join(",", d.matchedOn())).replaceWithVoid());
                }
            } else if (decision instanceof LeadRejected r) {
                if (r.importRow() != null) {
                    Tally t = tally(tallies, r.importRow());
                    t.rejected++;
                    t.rejections.add(r);
                } else {
                    chain = chain.chain(() -> reject(tenant, r));
                }
            }
        }
        for (Map.Entry<UUID, Tally> e : tallies.entrySet()) {
            Tally t = e.getValue();
            chain = chain.chain(() -> imports.countOutcomes(tenant, e.getKey(), t.accepted, t.duplicates, t.rejected))
                    .chain(() -> t.rejections.isEmpty() ? Uni.createFrom().voidItem()
                            : imports.findInTenant(tenant, e.getKey())
                                    .chain(job -> imports.addRejections(tenant, e.getKey(), stored(job, t.rejections))));
        }
        return chain;
    }

    private static Tally tally(Map<UUID, Tally> tallies, ImportRow row) {
        return tallies.computeIfAbsent(row.importId(), id -> new Tally());
    }

    /** Dedup names fields; the error report names the file's columns. */
    private static List<StoredRejection> stored(ImportJob job, List<LeadRejected> rejections) {
        List<StoredRejection> stored = new ArrayList<>();
        for (LeadRejected r : rejections) {
            for (LeadRejected.Violation v : r.violations()) {
                String column = job == null ? v.field() : job.columns.headerOf(v.field());
                stored.add(new StoredRejection(r.importRow().row(), column, v.reason(), null));
            }
        }
        return stored;
    }

    private Uni<Void> reject(String tenant, LeadRejected r) {
        return intakes.findInTenant(tenant, r.intakeId()).chain(intake -> {
            if (intake == null || intake.status != IntakeStatus.RECEIVED) {
                return Uni.createFrom().voidItem();
            }
            intake.status = IntakeStatus.REJECTED;
            intake.violations = r.violations();
            intake.updatedAt = DbClock.now();
            return Panache.getSession().chain(s -> s.flush());
        });
    }
}
