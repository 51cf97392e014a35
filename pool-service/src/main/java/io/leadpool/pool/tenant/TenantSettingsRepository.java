package io.leadpool.pool.tenant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** A tenant's settings, or the configured defaults until its admin sets them. Runs in the caller's transaction. */
@ApplicationScoped
public class TenantSettingsRepository {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TenantSettings defaults;

    public TenantSettingsRepository(@ConfigProperty(name = "leadpool.pool.default-time-zone") String zone,
            @ConfigProperty(name = "leadpool.pool.default-tiers") List<String> tiers) {
        this.defaults = new TenantSettings(zone, tiers).validated();
    }

    public Uni<TenantSettings> of(String tenantId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select time_zone, cast(tiers as text)"
                + " from tenant_settings where tenant_id = :t", Object[].class)
                .setParameter("t", tenantId).getSingleResultOrNull())
                .map(row -> row == null ? defaults : settings((String) row[0], (String) row[1]));
    }

    /** The settings from their stored columns (the time zone, the tiers as JSON text); null ones: the defaults. */
    public TenantSettings settings(String timeZone, String tiersJson) {
        return timeZone == null ? defaults : new TenantSettings(timeZone, tiers(tiersJson));
    }

    public Uni<Void> save(String tenantId, TenantSettings settings) {
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into tenant_settings (tenant_id,"
                + " time_zone, tiers, updated_at) values (:t, :zone, cast(cast(:tiers as text) as jsonb), now())"
                + " on conflict (tenant_id) do update set time_zone = excluded.time_zone, tiers = excluded.tiers,"
                + " updated_at = now()")
                .setParameter("t", tenantId).setParameter("zone", settings.timeZone())
                .setParameter("tiers", write(settings.tiers())).executeUpdate()).replaceWithVoid();
    }

    /** Tiers some rep of the tenant has, among {@code candidates}. */
    public Uni<List<String>> tiersInUse(String tenantId, List<String> candidates) {
        if (candidates.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("select distinct tier from rep"
                + " where tenant_id = :t and tier in (:tiers)", String.class)
                .setParameter("t", tenantId).setParameter("tiers", candidates).getResultList());
    }

    private static List<String> tiers(String json) {
        try {
            return Arrays.asList(JSON.readValue(json, Tiers.class).names());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable tiers: " + json, e);
        }
    }

    private static String write(List<String> tiers) {
        try {
            return JSON.writeValueAsString(Map.of("names", tiers));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored shape: an object, since reactive JSON columns cannot be top-level arrays. */
    record Tiers(String[] names) {
    }
}
