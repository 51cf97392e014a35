package io.leadpool.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpool.platform.problem.ProblemException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The audit listing's parameters: defaults, limits, instants and the cursor. */
class AuditQueryTest {

    @Test
    void nothing_given_is_the_newest_page_of_the_default_size() {
        AuditQuery q = AuditQuery.of(null, "", " ", null, null, null, null, null);
        assertThat(q.limit()).isEqualTo(AuditQuery.DEFAULT_LIMIT);
        assertThat(q.targetType()).isNull();
        assertThat(q.targetId()).isNull();
        assertThat(q.after()).isNull();
    }

    @Test
    void a_cursor_reads_back_to_the_same_instant_and_id() {
        UUID id = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-30T08:15:30.123456Z");
        String cursor = new AuditQuery.Cursor(at, id).encode();
        AuditQuery q = AuditQuery.of("POOL_UPDATED", "pool", "p1", "alice", "2026-11-01T00:00:00Z",
                "2026-12-01T00:00:00Z", cursor, "200");
        assertThat(q.after()).isEqualTo(new AuditQuery.Cursor(at, id));
        assertThat(q.limit()).isEqualTo(200);
        assertThat(q.from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void bad_parameters_are_named_each() {
        assertThatThrownBy(() -> AuditQuery.of(null, null, null, null, "yesterday", "2026-01-01T00:00:00Z", "xyz",
                "201"))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.status()).isEqualTo(400);
                    assertThat(p.code()).isEqualTo("VALIDATION_FAILED");
                    assertThat(p.fieldErrors()).extracting(ProblemException.FieldError::field)
                            .containsExactlyInAnyOrder("from", "after", "limit");
                });
        assertThatThrownBy(() -> AuditQuery.of(null, null, null, null, "2026-02-01T00:00:00Z", "2026-01-01T00:00:00Z",
                null, "0"))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.fieldErrors())
                        .extracting(ProblemException.FieldError::field).containsExactlyInAnyOrder("to", "limit"));
        assertThatThrownBy(() -> AuditQuery.of("x".repeat(201), null, null, null, null, null, null, "ten"))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.fieldErrors())
                        .extracting(ProblemException.FieldError::field).containsExactlyInAnyOrder("action", "limit"));
    }
}
