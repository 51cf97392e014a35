package io.leadpool.dedup.identity.service;

import io.leadpool.dedup.identity.Decision;
import io.leadpool.dedup.identity.IdentityKey;
import io.leadpool.dedup.identity.IdentityKey.Kind;
import io.leadpool.dedup.identity.Normalizer;
import io.leadpool.dedup.identity.repository.IdentityIndex;
import io.leadpool.dedup.identity.repository.IdentityIndex.Match;
import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.LeadDuplicateDetected;
import io.leadpool.events.LeadReceived;
import io.leadpool.events.LeadRejected;
import io.leadpool.events.Uuid7;
import io.leadpool.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides whether an incoming lead is a new person, one we already know, or unusable. Runs inside the
 * consumer's tenant transaction; the decision and its event are written together.
 */
@ApplicationScoped
public class DedupService {

    private final IdentityIndex index;
    private final Outbox outbox;
    private final Normalizer normalizer;

    public DedupService(IdentityIndex index, Outbox outbox,
            @ConfigProperty(name = "leadpool.dedup.default-region") String defaultRegion) {
        this.index = index;
        this.outbox = outbox;
        this.normalizer = new Normalizer(defaultRegion);
    }

    /** The identity keys of a lead, or why it has none. */
    public record Keys(List<IdentityKey> keys, Optional<String> phone, Optional<String> email,
            List<LeadRejected.Violation> violations) {
    }

    public Keys keysOf(String phone, String email) {
        Optional<String> p = normalizer.phone(phone);
        Optional<String> e = normalizer.email(email);
        List<IdentityKey> keys = new ArrayList<>(2);
        p.ifPresent(v -> keys.add(new IdentityKey(Kind.PHONE, v)));
        e.ifPresent(v -> keys.add(new IdentityKey(Kind.EMAIL, v)));
        List<LeadRejected.Violation> violations = new ArrayList<>();
        if (keys.isEmpty()) {
            if (phone != null && !phone.isBlank()) {
                violations.add(new LeadRejected.Violation("phone", "not a valid phone number"));
            }
            if (email != null && !email.isBlank()) {
                violations.add(new LeadRejected.Violation("email", "not a valid e-mail address"));
            }
            if (violations.isEmpty()) {
                violations.add(new LeadRejected.Violation("phone", "a valid phone or e-mail is required"));
            }
        }
        return new Keys(keys, p, e, violations);
    }

    /** Existing leads that share a key with these contact data. */
    public Uni<List<Match>> matches(String tenantId, Keys keys) {
        return index.find(tenantId, keys.keys());
    }

    public Uni<Decision> decide(String tenantId, LeadReceived received) {
        LeadDetails lead = received.lead();
        Keys keys = keysOf(lead.phone(), lead.email());
        if (keys.keys().isEmpty()) {
            return index.recordDecision(tenantId, received.intakeId(), "REJECTED", null, null)
                    .chain(() -> outbox.add(tenantId, received.intakeId(),
                            new LeadRejected(received.intakeId(), keys.violations())))
                    .replaceWith(new Decision.Rejected(keys.violations()));
        }
        return index.find(tenantId, keys.keys()).chain(matches -> matches.isEmpty()
                ? accept(tenantId, received, keys)
                : duplicate(tenantId, received, keys, matches));
    }

    private Uni<Decision> accept(String tenantId, LeadReceived received, Keys keys) {
        UUID leadId = Uuid7.next();
        return index.claim(tenantId, keys.keys(), leadId)
                .chain(() -> index.recordDecision(tenantId, received.intakeId(), "ACCEPTED", leadId, null))
                .chain(() -> outbox.add(tenantId, leadId, new LeadAccepted(received.intakeId(), leadId,
                        received.lead(), keys.phone().orElse(null), keys.email().orElse(null))))
                .replaceWith(new Decision.Accepted(leadId));
    }

    private Uni<Decision> duplicate(String tenantId, LeadReceived received, Keys keys, List<Match> matches) {
        // A phone match names the lead when phone and e-mail point at different people.
        UUID existing = matches.stream().filter(m -> m.key().kind() == Kind.PHONE).findFirst()
                .orElse(matches.get(0)).leadId();
        List<Kind> matchedOn = matches.stream().filter(m -> m.leadId().equals(existing)).map(m -> m.key().kind())
                .toList();
        String matched = matchedOn.stream().map(Kind::name).collect(Collectors.joining(","));
        return index.enrich(tenantId, keys.keys(), existing)
                .chain(() -> index.recordDecision(tenantId, received.intakeId(), "DUPLICATE", existing, matched))
                .chain(() -> outbox.add(tenantId, existing, new LeadDuplicateDetected(received.intakeId(), existing,
                        matchedOn.stream().map(Kind::name).toList(), received.lead())))
                .replaceWith(new Decision.Duplicate(existing, matchedOn));
    }
}
