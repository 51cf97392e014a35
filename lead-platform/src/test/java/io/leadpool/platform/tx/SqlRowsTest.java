package io.leadpool.platform.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SqlRowsTest {

    private static final SqlRows.RecordSet KEYS = SqlRows.recordset("keys", "k", "id uuid", "kind text",
            "attributes jsonb", "n bigint", "at timestamptz", "won boolean");

    @Test
    void a_record_set_reads_its_parameter_as_a_table_with_the_columns_it_names() {
        assertEquals("json_to_recordset(cast(convert_from(cast(:keys as bytea), 'UTF8') as json)) as k(id uuid,"
                + " kind text, attributes jsonb, n bigint, at timestamptz, won boolean)", KEYS.sql());
        assertEquals("keys", KEYS.parameter());
    }

    @Test
    void rows_are_keyed_by_the_column_names_and_written_as_json() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("size", "50\"+");
        attributes.put("note", null);
        SqlRows.Records rows = KEYS.rows()
                .add(UUID.fromString("01a22b49-7f44-7468-b09f-3ce03dc85c32"), "PHONE", attributes, 7L,
                        Instant.parse("2026-11-30T08:00:00.123456Z"), true)
                .add(null, "EMAIL\n", null, null, null, false);
        String expected = "[{\"id\":\"01a22b49-7f44-7468-b09f-3ce03dc85c32\",\"kind\":\"PHONE\","
                + "\"attributes\":{\"size\":\"50\\\"+\",\"note\":null},\"n\":7,\"at\":\"2026-11-30T08:00:00.123456Z\","
                + "\"won\":true},{\"id\":null,\"kind\":\"EMAIL\\n\",\"attributes\":null,\"n\":null,\"at\":null,"
                + "\"won\":false}]";
        assertEquals(expected, text(rows));
        assertEquals(expected, text(rows), "the same text when a statement is subscribed again");
        assertThrows(IllegalStateException.class, () -> rows.add(null, null, null, null, null, null));
    }

    @Test
    void json_text_goes_into_the_rows_as_it_is() {
        SqlRows.Records rows = SqlRows.recordset("events", "e", "id text", "payload json").rows()
                .add("a", new SqlRows.Json("{\"data\":{\"name\":\"Li \\\"Lei\\\" \\u00e9\"},\"n\":[1,2]}"))
                .add("b", null);
        assertEquals("[{\"id\":\"a\",\"payload\":{\"data\":{\"name\":\"Li \\\"Lei\\\" \\u00e9\"},\"n\":[1,2]}},"
                + "{\"id\":\"b\",\"payload\":null}]", text(rows));
    }

    @Test
    void a_collection_becomes_a_json_array_for_an_array_column() {
        SqlRows.Records rows = SqlRows.recordset("cleared", "x", "l text", "k text[]").rows()
                .add("a", List.of("FOLLOW_UP", "PROGRESS\"")).add("b", List.of()).add("c", null);
        assertEquals("[{\"l\":\"a\",\"k\":[\"FOLLOW_UP\",\"PROGRESS\\\"\"]},{\"l\":\"b\",\"k\":[]},"
                + "{\"l\":\"c\",\"k\":null}]", text(rows));
    }

    @Test
    void a_batch_larger_than_the_writer_s_segments_comes_out_whole() {
        SqlRows.Records rows = SqlRows.recordset("n", "x", "i bigint", "s text").rows();
        StringBuilder expected = new StringBuilder("[");
        String filler = "x".repeat(300);
        for (int i = 0; i < 2_000; i++) {
            rows.add(i, filler + i);
            expected.append(i == 0 ? "" : ",").append("{\"i\":").append(i).append(",\"s\":\"").append(filler).append(i)
                    .append("\"}");
        }
        assertEquals(expected.append(']').toString(), text(rows));
    }

    @Test
    void the_rows_are_utf_8_with_characters_beyond_ascii_as_they_are() {
        SqlRows.Records rows = SqlRows.recordset("n", "x", "s text").rows().add("é 中文 😀");
        assertEquals("[{\"s\":\"é 中文 😀\"}]", text(rows));
    }

    private static String text(SqlRows.Records rows) {
        return new String(rows.json(), StandardCharsets.UTF_8);
    }

    @Test
    void a_row_needs_a_value_for_every_column() {
        assertThrows(IllegalArgumentException.class, () -> KEYS.rows().add("only one"));
    }

    @Test
    void ids_become_the_text_of_an_array() {
        UUID a = UUID.fromString("01a22b49-7f44-7468-b09f-3ce03dc85c32");
        UUID b = UUID.fromString("01a22b49-7ea7-7338-b42d-99da457b817c");
        assertEquals("{" + a + "," + b + "}", SqlRows.uuidArray(List.of(a, b)));
        assertEquals("{}", SqlRows.uuidArray(List.of()));
        assertEquals("any(cast(cast(:ids as text) as uuid[]))", SqlRows.anyUuid("ids"));
    }
}
