package io.leadpool.pool.notification;

import io.leadpool.events.RepNotified;
import io.leadpool.events.Uuid7;
import io.leadpool.platform.outbox.Outbox;
import io.leadpool.platform.tx.SqlRows;
import io.leadpool.platform.tx.SqlValues;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What reps are told. A notice is stored for {@code GET /api/v1/me/notifications} and published as
 * {@link RepNotified} for push gateways, in the caller's transaction. One notice per lead, kind and
 * {@code about} (the lead version a reminder or recycle concerns, the intake a touch came from): a command
 * delivered twice tells the rep once.
 */
@ApplicationScoped
public class Notifications {

    /** What a notice is about. */
    public enum Kind {
        FOLLOW_UP_DUE_SOON, PROGRESS_DUE_SOON, LEAD_RECYCLED, LEAD_TOUCHED
    }

    /** A notice as its rep reads it. */
    public record Notice(UUID id, UUID leadId, Kind kind, Instant deadlineAt, String message, Instant at,
            Instant readAt) {
    }

    private final Outbox outbox;

    public Notifications(Outbox outbox) {
        this.outbox = outbox;
    }

    /** A notice to give: to whom, about which lead and what ({@code about} makes it unique). */
    public record Tell(String repId, UUID leadId, Kind kind, String about, Instant deadlineAt, String message) {
    }

    /** Tells {@code repId}; returns whether this was news (false when the same notice exists already). */
    public Uni<Boolean> tell(String tenantId, String repId, UUID leadId, Kind kind, String about, Instant deadlineAt,
            String message, Instant now) {
        return tellAll(tenantId, List.of(new Tell(repId, leadId, kind, about, deadlineAt, message)), now)
                .map(news -> news == 1);
    }

    private static final SqlRows.RecordSet NOTICES = SqlRows.recordset("notices", "x", "id uuid", "rep text",
            "lead uuid", "kind text", "about text", "deadline timestamptz", "message text");

    private static final String INSERT = "insert into notification (id, tenant_id, rep_id, lead_id, kind, about,"
            + " deadline_at, message, created_at) select id, :t, rep, lead, kind, about, deadline, message, :now from "
            + NOTICES.sql() + " on conflict (tenant_id, lead_id, kind, about) do nothing returning cast(id as text)";

    /** A notice to give, with the id it is stored and published under. */
    private record Numbered(UUID id, Tell tell) {
    }

    /** Gives many notices, one insert per {@link SqlRows#CHUNK}; returns how many were news. */
    public Uni<Integer> tellAll(String tenantId, List<Tell> notices, Instant now) {
        List<Numbered> numbered = notices.stream().map(n -> new Numbered(Uuid7.next(), n)).toList();
        Set<String> news = new HashSet<>();
        return SqlRows.inChunks(numbered, chunk -> {
            SqlRows.Records rows = NOTICES.rows();
            chunk.forEach(x -> rows.add(x.id(), x.tell().repId(), x.tell().leadId(), x.tell().kind().name(),
                    x.tell().about(), x.tell().deadlineAt(), x.tell().message()));
            return Panache.getSession().chain(s -> s.createNativeQuery(INSERT, String.class).setParameter("t", tenantId)
                    .setParameter("now", now).setParameter(NOTICES.parameter(), rows.json()).getResultList())
                    .invoke(news::addAll);
        }).chain(() -> {
            List<Outbox.Pending> events = numbered.stream().filter(x -> news.contains(x.id().toString()))
                    .map(x -> new Outbox.Pending(tenantId, x.tell().repId(), new RepNotified(x.id(), x.tell().repId(),
                            x.tell().leadId(), x.tell().kind().name(), x.tell().deadlineAt(), x.tell().message(), now)))
                    .toList();
            return outbox.addAll(events).replaceWith(events.size());
        });
    }

    /** A rep's notices, newest first. */
    public Uni<List<Notice>> of(String tenantId, String repId, boolean unreadOnly, int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select cast(id as text), cast(lead_id as text),"
                + " kind, deadline_at, message, created_at, read_at from notification where tenant_id = :t"
                + " and rep_id = :rep" + (unreadOnly ? " and read_at is null" : "")
                + " order by created_at desc, id desc limit :limit", Object[].class)
                .setParameter("t", tenantId).setParameter("rep", repId).setParameter("limit", limit)
                .getResultList())
                .map(rows -> rows.stream().map(r -> new Notice(UUID.fromString((String) r[0]),
                        UUID.fromString((String) r[1]), Kind.valueOf((String) r[2]), SqlValues.instant(r[3]),
                        (String) r[4], SqlValues.instant(r[5]), SqlValues.instant(r[6]))).toList());
    }

    /** Marks a notice of the rep read; false when the rep has no such notice. */
    public Uni<Boolean> markRead(String tenantId, String repId, UUID id, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("update notification set read_at = coalesce(read_at,"
                + " :now) where tenant_id = :t and rep_id = :rep and id = :id")
                .setParameter("now", now).setParameter("t", tenantId).setParameter("rep", repId).setParameter("id", id)
                .executeUpdate()).map(n -> n > 0);
    }
}
