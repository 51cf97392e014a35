package io.leadpool.dedup.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpool.dedup.identity.Decision;
import io.leadpool.dedup.identity.service.DedupService;
import io.leadpool.dedup.quality.LabelledLeads.Label;
import io.leadpool.dedup.quality.LabelledLeads.Row;
import io.leadpool.events.LeadReceived;
import io.leadpool.events.Uuid7;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Runs the labelled data set through the real dedup (PostgreSQL, pg_trgm) and measures it: every
 * exact-normalisable person duplicate must be caught; fuzzy company duplicates need precision ≥ 0.95
 * and recall ≥ 0.90 at the default threshold. Writes {@code target/dedup-quality.md} with the figures
 * per variant and a threshold sweep.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class DedupQualityTest {

    private static final long SEED = 20261129L;
    private static final int COMPANIES = 3000;
    private static final int BATCH = 200;

    @Inject
    DedupService dedup;
    @Inject
    TenantTransactions tx;
    @ConfigProperty(name = "leadpool.dedup.company-threshold")
    double defaultThreshold;

    /** The figures of one run. */
    record Result(double threshold, int personDuplicates, int personCaught, int companyDuplicates, int truePositives,
            int falsePositives, Map<String, int[]> byVariant, List<String> wrong, List<String> missed) {
        double precision() {
            return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return (double) truePositives / companyDuplicates;
        }
    }

    @Test
    void exact_duplicates_are_all_caught_and_fuzzy_company_matches_meet_their_precision_and_recall() throws Throwable {
        List<Row> rows = LabelledLeads.generate(SEED, COMPANIES, COMPANIES / 3, COMPANIES / 3);
        Result atDefault = run(rows, defaultThreshold);
        Map<Double, Result> sweep = new TreeMap<>();
        for (double t : new double[] { 0.5, 0.6, 0.7, 0.8, 0.9 }) {
            sweep.put(t, run(rows, t));
        }
        sweep.put(defaultThreshold, atDefault);
        report(rows, atDefault, sweep);

        assertThat(atDefault.personCaught()).as("exact-normalisable duplicates caught").isEqualTo(atDefault.personDuplicates());
        assertThat(atDefault.precision()).as("company precision").isGreaterThanOrEqualTo(0.95);
        assertThat(atDefault.recall()).as("company recall").isGreaterThanOrEqualTo(0.90);
    }

    private Result run(List<Row> rows, double threshold) throws Throwable {
        String tenant = "quality-" + Uuid7.next();
        try (Connection c = TestPostgres.connect("service"); Statement s = c.createStatement()) {
            s.execute("insert into dedup_policy values ('" + tenant + "', 'FLAG', " + threshold + ", 'test', now())");
        }
        Map<Integer, List<UUID>> leadsOfEntity = new HashMap<>();
        Map<UUID, Integer> entityOfLead = new HashMap<>();
        int personCaught = 0;
        int personDuplicates = 0;
        int companyDuplicates = 0;
        int tp = 0;
        int fp = 0;
        Map<String, int[]> byVariant = new LinkedHashMap<>();
        Map<UUID, Row> rowOfLead = new HashMap<>();
        List<String> wrong = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += BATCH) {
            List<Row> batch = rows.subList(from, Math.min(rows.size(), from + BATCH));
            List<LeadReceived> received = new ArrayList<>();
            for (Row r : batch) {
                received.add(new LeadReceived(Uuid7.next(), r.lead(), "quality", Instant.now()));
            }
            List<Decision> decisions = VertxContextSupport.subscribeAndAwait(
                    () -> tx.inTenant(tenant, () -> dedup.decideAll(tenant, received)));
            for (int i = 0; i < batch.size(); i++) {
                Row r = batch.get(i);
                Decision d = decisions.get(i);
                int[] tally = byVariant.computeIfAbsent(r.label() + ": " + r.variant(), k -> new int[2]);
                tally[0]++;
                if (d instanceof Decision.Accepted a) {
                    leadsOfEntity.computeIfAbsent(r.entity(), k -> new ArrayList<>()).add(a.leadId());
                    entityOfLead.put(a.leadId(), r.entity());
                    rowOfLead.put(a.leadId(), r);
                }
                switch (r.label()) {
                    case PERSON_DUPLICATE -> {
                        personDuplicates++;
                        if (d instanceof Decision.Duplicate dup && leadsOfEntity.getOrDefault(r.entity(), List.of())
                                .contains(dup.duplicateOf()) && !dup.matchedOn().contains("COMPANY")) {
                            personCaught++;
                            tally[1]++;
                        }
                    }
                    case COMPANY_DUPLICATE -> {
                        companyDuplicates++;
                        if (d instanceof Decision.Accepted a && a.resembles() != null) {
                            if (Integer.valueOf(r.entity()).equals(entityOfLead.get(a.resembles()))) {
                                tp++;
                                tally[1]++;
                            } else {
                                fp++;
                                wrong.add(pair(r, rowOfLead.get(a.resembles())));
                            }
                        } else {
                            missed.add(r.variant() + ": " + r.lead().company() + " / " + r.lead().region() + " (of entity "
                                    + r.entity() + ")");
                        }
                    }
                    case NEW -> {
                        if (d instanceof Decision.Accepted a && a.resembles() != null) {
                            fp++;
                            wrong.add(pair(r, rowOfLead.get(a.resembles())));
                        } else {
                            tally[1]++;
                        }
                    }
                }
            }
        }
        return new Result(threshold, personDuplicates, personCaught, companyDuplicates, tp, fp, byVariant, wrong, missed);
    }

    private static String pair(Row r, Row matched) {
        return r.lead().company() + " / " + r.lead().region() + " → " + (matched == null ? "?"
                : matched.lead().company() + " / " + matched.lead().region());
    }

    private static void report(List<Row> rows, Result r, Map<Double, Result> sweep) throws Exception {
        StringBuilder md = new StringBuilder("# Dedup quality\n\n");
        md.append("Data: `LabelledLeads.generate(").append(SEED).append(", ").append(COMPANIES).append(", ")
                .append(COMPANIES / 3).append(", ").append(COMPANIES / 3).append(")`, ").append(rows.size())
                .append(" leads through the real dedup (PostgreSQL + pg_trgm), in batches of ").append(BATCH)
                .append(", policy FLAG.\n\n");
        md.append("Default threshold ").append(r.threshold()).append(": exact-normalisable duplicates caught ")
                .append(r.personCaught()).append(" / ").append(r.personDuplicates()).append("; company precision ")
                .append(String.format("%.3f", r.precision())).append(", recall ").append(String.format("%.3f", r.recall()))
                .append(" (").append(r.truePositives()).append(" right, ").append(r.falsePositives()).append(" wrong, ")
                .append(r.companyDuplicates()).append(" to find).\n\n");
        md.append("| variant | rows | right |\n|---|---:|---:|\n");
        r.byVariant().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v[0]).append(" | ").append(v[1])
                .append(" |\n"));
        md.append("\nRight for NEW rows means no company conflict was opened.\n\n| threshold | precision | recall |\n|---:|---:|---:|\n");
        sweep.forEach((t, s) -> md.append("| ").append(t).append(" | ").append(String.format("%.3f", s.precision()))
                .append(" | ").append(String.format("%.3f", s.recall())).append(" |\n"));
        md.append("\nSome wrong matches at the default threshold (new lead → the lead it was taken for):\n\n");
        r.wrong().stream().limit(25).forEach(w -> md.append("- ").append(w).append('\n'));
        md.append("\nSome misses:\n\n");
        r.missed().stream().limit(25).forEach(w -> md.append("- ").append(w).append('\n'));
        Path out = Path.of("target", "dedup-quality.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
        System.out.println(md);
    }
}
