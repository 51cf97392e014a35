package io.leadpool.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpool.events.EventCodec;
import io.leadpool.events.RecycleDue;
import io.leadpool.platform.tx.SqlRows;
import io.leadpool.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the outbox relies on ({@code Outbox}, {@link SqlRows.Json}): an event's envelope put into the rows' JSON as
 * JSON, read through a {@code json} column and cast to text, is the envelope's text byte for byte, so the relay sends
 * what the codec wrote. Against the real PostgreSQL; the event's strings carry what JSON escapes.
 */
class JsonColumnRoundTripTest {

    @Test
    void an_envelope_read_through_a_json_column_is_the_same_text() throws Exception {
        SqlRows.RecordSet set = SqlRows.recordset("events", "e", "n bigint", "payload json");
        SqlRows.Records rows = set.rows();
        List<String> written = new ArrayList<>();
        for (String reason : List.of("NO_FOLLOW_UP", "quote \" backslash \\ slash / tab \t newline \n",
                "é ü 中文 😀 \u0001", "  spaced  ")) {
            UUID lead = UUID.randomUUID();
            String json = EventCodec.encode("/scheduler-service", "acme", lead.toString(),
                    new RecycleDue(lead, 3, reason, Instant.parse("2026-12-01T00:00:00.123456Z")), null).json();
            rows.add(written.size(), new SqlRows.Json(json));
            written.add(json);
        }
        List<String> read = new ArrayList<>();
        try (Connection c = TestPostgres.connect("postgres"); PreparedStatement q = c.prepareStatement(
                "select cast(payload as text) from " + set.sql().replace(":" + set.parameter(), "?") + " order by n")) {
            q.setBytes(1, rows.json());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    read.add(rs.getString(1));
                }
            }
        }
        assertThat(read).containsExactlyElementsOf(written);
    }
}
