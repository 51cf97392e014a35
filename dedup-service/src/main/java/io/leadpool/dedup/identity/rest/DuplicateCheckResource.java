package io.leadpool.dedup.identity.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadpool.dedup.identity.RegionKey;
import io.leadpool.dedup.identity.repository.IdentityIndex;
import io.leadpool.dedup.identity.repository.LeadProfiles;
import io.leadpool.dedup.identity.repository.LeadProfiles.CompanyQuery;
import io.leadpool.dedup.identity.service.DedupService;
import io.leadpool.dedup.policy.PolicyRepository;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.leadpool.platform.text.CompanyKey;
import io.leadpool.platform.tx.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * 查重: before creating a lead by hand, a rep asks whether the person or the company is already known.
 * Person matches (phone, e-mail) are certain; company matches carry their similarity. Each match says
 * where the lead is (in pool, owned, converted); who owns it (id and name) is shown to admins,
 * managers and the owner only.
 */
@Path("/api/v1/dedup/check")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DuplicateCheckResource {

    private static final int MAX_COMPANY_MATCHES = 5;

    private final DedupService dedup;
    private final IdentityIndex index;
    private final LeadProfiles profiles;
    private final PolicyRepository policies;
    private final TenantTransactions tx;
    private final CurrentActor actor;

    public DuplicateCheckResource(DedupService dedup, IdentityIndex index, LeadProfiles profiles,
            PolicyRepository policies, TenantTransactions tx, CurrentActor actor) {
        this.dedup = dedup;
        this.index = index;
        this.profiles = profiles;
        this.policies = policies;
        this.tx = tx;
        this.actor = actor;
    }

    public record CheckRequest(String phone, String email, String company, String region) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Match(UUID leadId, List<String> matchedOn, double score, String state, String company, String region,
            String ownerId, String ownerName, Boolean ownedByMe) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CheckResult(String normalizedPhone, String normalizedEmail, String companyKey, boolean duplicate,
            List<Match> matches) {
    }

    @POST
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<CheckResult> check(CheckRequest request) {
        if (request == null || (blank(request.phone()) && blank(request.email()) && blank(request.company()))) {
            return Uni.createFrom().failure(ProblemException.invalid("phone", "a phone, an e-mail or a company is required"));
        }
        DedupService.Keys keys = dedup.keysOf(request.phone(), request.email());
        String companyKey = CompanyKey.of(request.company()).orElse(null);
        if (keys.keys().isEmpty() && companyKey == null) {
            return Uni.createFrom().failure(ProblemException.invalid(keys.violations().stream()
                    .map(v -> new ProblemException.FieldError(v.field(), v.reason())).toList()));
        }
        Actor caller = actor.get();
        String tenant = caller.tenantId();
        String region = RegionKey.of(request.region()).orElse(null);
        return tx.inTenant(tenant, () -> index.find(tenant, keys.keys()).chain(people -> policies.of(tenant)
                .chain(policy -> companyKey == null ? Uni.createFrom().item(List.<LeadProfiles.CompanyHit>of())
                        : dedup.similarCompanies(tenant, new CompanyQuery(companyKey, region), policy.threshold())
                                .map(hits -> hits.stream().limit(MAX_COMPANY_MATCHES).toList()))
                .chain(companies -> {
                    Map<UUID, List<String>> on = new LinkedHashMap<>();
                    Map<UUID, Double> score = new LinkedHashMap<>();
                    people.forEach((k, lead) -> {
                        on.computeIfAbsent(lead, l -> new ArrayList<>()).add(k.kind().name());
                        score.put(lead, 1.0);
                    });
                    for (LeadProfiles.CompanyHit hit : companies) {
                        on.computeIfAbsent(hit.leadId(), l -> new ArrayList<>()).add("COMPANY");
                        score.putIfAbsent(hit.leadId(), hit.score());
                    }
                    return profiles.find(tenant, new ArrayList<>(on.keySet())).map(found -> {
                        List<Match> matches = new ArrayList<>();
                        on.forEach((lead, matchedOn) -> {
                            LeadProfiles.Profile p = found.get(lead);
                            boolean mine = p != null && caller.userId().equals(p.ownerId());
                            boolean seeOwner = caller.seesAllLeads() || mine;
                            matches.add(new Match(lead, matchedOn, Math.round(score.get(lead) * 1000) / 1000.0,
                                    p == null ? null : p.state(), p == null ? null : p.company(),
                                    p == null ? null : p.region(), seeOwner && p != null ? p.ownerId() : null,
                                    seeOwner && p != null ? p.ownerName() : null,
                                    p != null && p.ownerId() != null ? mine : null));
                        });
                        return new CheckResult(keys.phone().orElse(null), keys.email().orElse(null), companyKey,
                                !people.isEmpty(), matches);
                    });
                })));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
