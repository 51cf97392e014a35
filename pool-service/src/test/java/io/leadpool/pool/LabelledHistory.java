package io.leadpool.pool;

import io.leadpool.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A tenant's past with a known signal: every lead was taken by a rep and converted with probability
 * {@code sigmoid(BASE + channel + industry + region + company size + response time)}, the effects below; the
 * campaign has none (noise). The same seed gives the same leads, ids included. Written straight into the database as
 * the service would have left it: leads that entered weeks ago, their CLAIMED history row, their first follow-up.
 */
final class LabelledHistory {

    static final double BASE = -2.2;
    static final Map<String, Double> CHANNEL = effects("referral", 1.0, "event", 0.4, "web", 0.0, "ads", -0.6,
            "cold-call", -1.0);
    static final double[] CHANNEL_MIX = { 0.15, 0.15, 0.35, 0.2, 0.15 };
    static final Map<String, Double> INDUSTRY = effects("finance", 0.6, "software", 0.4, "retail", 0.0,
            "logistics", 0.0, "energy", -0.2, "education", -0.4, "mining", -0.6, "agriculture", -0.3);
    static final Map<String, Double> REGION = effects("上海", 0.2, "北京", 0.1, "深圳", 0.0, "广州", 0.0, "成都", -0.1,
            "杭州", 0.0);
    /**
     * Employees, log-uniform from 1 to 5,000: {@code <10} −0.6, {@code <50} −0.2, {@code <250} +0.2, {@code <1000}
     * +0.5, more +0.3.
     */
    static final double[] SIZE_EFFECT = { -0.6, -0.2, 0.2, 0.5, 0.3 };
    /** First follow-up within an hour (30 %), a day (35 %), three days (20 %); none (15 %). */
    static final double[] RESPONSE_MIX = { 0.30, 0.35, 0.20, 0.15 };
    static final double[] RESPONSE_EFFECT = { 0.8, 0.2, -0.4, -1.2 };
    static final int CAMPAIGNS = 30;

    /** One generated lead: what the service stores, and the truth behind its outcome. */
    record Lead(UUID id, String channel, String campaign, String industry, String region, int employees,
            Duration response, double probability, boolean converted) {
    }

    private LabelledHistory() {
    }

    static Map<String, Double> effects(Object... pairs) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Double) pairs[i + 1]);
        }
        return m;
    }

    static List<Lead> generate(int n, long seed) {
        Random r = new Random(seed);
        List<String> channels = List.copyOf(CHANNEL.keySet());
        List<String> industries = List.copyOf(INDUSTRY.keySet());
        List<String> regions = List.copyOf(REGION.keySet());
        List<Lead> leads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String channel = channels.get(pick(r, CHANNEL_MIX));
            String industry = industries.get(r.nextInt(industries.size()));
            String region = regions.get(r.nextInt(regions.size()));
            int employees = (int) Math.max(1, Math.round(Math.exp(r.nextDouble() * Math.log(5000))));
            int sizeBand = employees < 10 ? 0 : employees < 50 ? 1 : employees < 250 ? 2 : employees < 1000 ? 3 : 4;
            int responseBand = pick(r, RESPONSE_MIX);
            Duration response = switch (responseBand) {
                case 0 -> Duration.ofMinutes(5 + r.nextInt(50));
                case 1 -> Duration.ofHours(2 + r.nextInt(20));
                case 2 -> Duration.ofHours(26 + r.nextInt(40));
                default -> null;
            };
            double logit = BASE + CHANNEL.get(channel) + INDUSTRY.get(industry) + REGION.get(region)
                    + SIZE_EFFECT[sizeBand] + RESPONSE_EFFECT[responseBand];
            double p = 1 / (1 + Math.exp(-logit));
            UUID id = new UUID(r.nextLong(), r.nextLong());
            leads.add(new Lead(id, channel, "spring-" + r.nextInt(CAMPAIGNS), industry, region, employees, response, p,
                    r.nextDouble() < p));
        }
        return leads;
    }

    private static int pick(Random r, double[] mix) {
        double x = r.nextDouble();
        for (int i = 0; i < mix.length; i++) {
            x -= mix[i];
            if (x < 0) {
                return i;
            }
        }
        return mix.length - 1;
    }

    /**
     * Stores the leads of {@code tenant} in {@code poolId}, entered between {@code oldest} and 30 days after it:
     * converted ones CONVERTED, the others still OWNED by their rep (open leads the retraining scores).
     */
    static void store(String tenant, String poolId, List<Lead> leads, Instant oldest) {
        String lead = "insert into lead (id, tenant_id, pool_id, state, owner_id, name, company, region, industry,"
                + " channel, campaign, attributes, version, owned_since, created_at, updated_at, pooled_at, converted_at)"
                + " values (?, ?, ?::uuid, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, 1, ?, ?, ?, ?, ?)";
        String history = "insert into lead_history (id, tenant_id, lead_id, action, actor_id, to_owner, pool_id,"
                + " version, at) values (?, ?, ?, 'CLAIMED', ?, ?, ?::uuid, 1, ?)";
        String followUp = "insert into follow_up (id, tenant_id, lead_id, rep_id, type, at) values (?, ?, ?, ?, 'CALL', ?)";
        Random r = new Random(leads.size());
        try (Connection c = TestPostgres.connect("service"); PreparedStatement l = c.prepareStatement(lead);
                PreparedStatement h = c.prepareStatement(history); PreparedStatement f = c.prepareStatement(followUp)) {
            c.setAutoCommit(false);
            for (Lead g : leads) {
                Instant entered = oldest.plus(Duration.ofMinutes(r.nextInt(30 * 24 * 60)));
                Instant taken = entered.plus(Duration.ofMinutes(10 + r.nextInt(120)));
                String rep = "gen-rep-" + r.nextInt(8);
                l.setObject(1, g.id());
                l.setString(2, tenant);
                l.setString(3, poolId);
                l.setString(4, g.converted() ? "CONVERTED" : "OWNED");
                l.setString(5, rep);
                l.setString(6, "Generated " + g.id());
                l.setString(7, "Generated Co " + g.id());
                l.setString(8, g.region());
                l.setString(9, g.industry());
                l.setString(10, g.channel());
                l.setString(11, g.campaign());
                l.setString(12, "{\"employees\": \"" + g.employees() + "\"}");
                l.setTimestamp(13, Timestamp.from(taken));
                l.setTimestamp(14, Timestamp.from(entered));
                l.setTimestamp(15, Timestamp.from(entered));
                l.setTimestamp(16, Timestamp.from(entered));
                l.setTimestamp(17, g.converted() ? Timestamp.from(taken.plus(Duration.ofDays(5))) : null);
                l.addBatch();
                h.setObject(1, UUID.randomUUID());
                h.setString(2, tenant);
                h.setObject(3, g.id());
                h.setString(4, rep);
                h.setString(5, rep);
                h.setString(6, poolId);
                h.setTimestamp(7, Timestamp.from(taken));
                h.addBatch();
                if (g.response() != null) {
                    f.setObject(1, UUID.randomUUID());
                    f.setString(2, tenant);
                    f.setObject(3, g.id());
                    f.setString(4, rep);
                    f.setTimestamp(5, Timestamp.from(taken.plus(g.response())));
                    f.addBatch();
                }
            }
            l.executeBatch();
            h.executeBatch();
            f.executeBatch();
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the generated history", e);
        }
    }

    /** A pool row for a tenant no token serves (the lab tenants): the leads need one. */
    static String labPool(String tenant) {
        UUID id = UUID.randomUUID();
        try (Connection c = TestPostgres.connect("service"); PreparedStatement s = c.prepareStatement(
                "insert into pool (id, tenant_id, name, is_default, rules, created_at, updated_at)"
                        + " values (?, ?, 'Default pool', true, '{}', now(), now())")) {
            s.setObject(1, id);
            s.setString(2, tenant);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id.toString();
    }
}
