package io.leadpool.platform.tx;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Multi-row statements: the rows travel as one JSON parameter and the statement reads them as a table
 * ({@link #recordset}), in chunks of {@link #CHUNK} rows.
 */
public final class SqlRows {

    /** Rows per statement: a batch's memory stays bounded whatever the caller hands over. */
    public static final int CHUNK = 500;

    private SqlRows() {
    }

    /**
     * A batch's rows as a table of a statement: {@code recordset("keys", "k", "kind text", "value text")} reads
     * {@code json_to_recordset(cast(convert_from(cast(:keys as bytea), 'UTF8') as json)) as k(kind text, value text)}
     * ({@link RecordSet#sql}), and {@link RecordSet#rows} collects the rows to bind to {@code :keys}, keyed by the same
     * column names. One parameter however many rows, so the statement's text is the same for every batch and binding
     * costs nothing per row; a statement of {@code values} binds every cell as a parameter of its own, and its text
     * changes with the number of rows. The parameter is the rows' JSON as UTF-8 bytes ({@code bytea}, turned into text
     * by the server). Bound as text, Jackson wrote it as chars, copied them into a String, and the client encoded
     * that String of hundreds of KB into UTF-8 a char at a time (the encoding alone 8.6 % of pool-service's samples in
     * a recycle burst, docs/architecture.md). Bound as {@code json}, the client would quote it as a JSON string.
     *
     * @param columns {@code name type}, in the order of {@link Records#add}'s values
     */
    public static RecordSet recordset(String parameter, String alias, String... columns) {
        return new RecordSet(parameter, "json_to_recordset(cast(" + jsonText(":" + parameter) + " as json)) as " + alias
                + "(" + String.join(", ", columns) + ")",
                Arrays.stream(columns).map(c -> c.trim().split("\\s+", 2)[0]).toArray(String[]::new));
    }

    /**
     * The text of rows' JSON ({@link Records#json}) bound to {@code placeholder} ({@code :name}, or {@code $n} for the
     * Vert.x client, which takes the bytes as a {@code Buffer}): what {@link #recordset} reads, and what a function that
     * takes the rows as its text argument is given.
     */
    public static String jsonText(String placeholder) {
        return "convert_from(cast(" + placeholder + " as bytea), 'UTF8')";
    }

    /** See {@link #recordset}: the table's SQL, and the rows to bind to its parameter. */
    public static final class RecordSet {

        private final String parameter;
        private final String sql;
        private final String[] names;

        private RecordSet(String parameter, String sql, String[] names) {
            this.parameter = parameter;
            this.sql = sql;
            this.names = names;
        }

        /** The {@code json_to_recordset(…) as alias(…)} to put in a {@code from} clause. */
        public String sql() {
            return sql;
        }

        /** The named parameter the bytes of {@link Records#json} bind to. */
        public String parameter() {
            return parameter;
        }

        /** An empty batch of rows for this table. */
        public Records rows() {
            return new Records(names);
        }
    }

    /**
     * A value that is JSON text already (an event's envelope), for a column of type {@code json}: it goes into the rows
     * as it is, neither escaped into a JSON string by the client nor unescaped by the server, and
     * {@code cast(column as text)} gives back the same text.
     */
    public record Json(String text) {
    }

    /**
     * Rows for a {@link RecordSet}: a JSON array of objects, one key per column. Values may be strings, numbers,
     * booleans, UUIDs and instants (as their text), maps of strings (a JSON object, for a {@code jsonb} column),
     * collections (a JSON array, for an array column such as {@code text[]}), {@link Json} or null.
     */
    public static final class Records {

        /** Characters beyond the BMP (an emoji in a name) as their four UTF-8 bytes, not as two escaped surrogates. */
        private static final JsonFactory JSON = JsonFactory.builder()
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

        private final String[] columns;
        /** Grows by segments, not by copying itself into a buffer twice its size (a batch's rows are 100s of KB). */
        private final ByteArrayBuilder bytes = new ByteArrayBuilder();
        private final JsonGenerator json;
        private byte[] done;

        private Records(String... columns) {
            this.columns = columns;
            try {
                this.json = JSON.createGenerator(bytes, JsonEncoding.UTF8);
                json.writeStartArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** One row: a value per column, in the order the columns were named. */
        public Records add(Object... values) {
            if (done != null) {
                throw new IllegalStateException("rows added after json()");
            }
            if (values.length != columns.length) {
                throw new IllegalArgumentException(columns.length + " columns, " + values.length + " values");
            }
            try {
                json.writeStartObject();
                for (int i = 0; i < values.length; i++) {
                    json.writeFieldName(columns[i]);
                    write(values[i]);
                }
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        private void write(Object value) throws IOException {
            if (value == null) {
                json.writeNull();
            } else if (value instanceof Number n) {
                json.writeNumber(n.toString());
            } else if (value instanceof Boolean b) {
                json.writeBoolean(b);
            } else if (value instanceof Json raw) {
                json.writeRawValue(raw.text());
            } else if (value instanceof Map<?, ?> map) {
                json.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    json.writeFieldName(String.valueOf(e.getKey()));
                    write(e.getValue());
                }
                json.writeEndObject();
            } else if (value instanceof Collection<?> list) {
                json.writeStartArray();
                for (Object item : list) {
                    write(item);
                }
                json.writeEndArray();
            } else {
                json.writeString(value.toString());
            }
        }

        /**
         * The rows' JSON as UTF-8 bytes, to bind to the {@link RecordSet}'s parameter; the same however often asked (a
         * statement may be subscribed again).
         */
        public byte[] json() {
            if (done == null) {
                try {
                    json.writeEndArray();
                    json.close();
                    done = bytes.toByteArray();
                    bytes.release();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return done;
        }
    }

    /**
     * A planner setting for the rest of the caller's transaction: no sequential scans, so that a statement finds its
     * rows through an index whatever the statistics say. They are wrong exactly under load: a table that an import
     * fills was small or emptied at the last analyze, and a queue is nearly always empty when analyzed.
     */
    public static final String NO_SEQUENTIAL_SCANS = "set_config('enable_seqscan', 'off', true)";

    /** {@code any(…)} of the ids bound to {@code parameter} as {@link #uuidArray}: {@code id = any(:ids)}. */
    public static String anyUuid(String parameter) {
        return "any(cast(cast(:" + parameter + " as text) as uuid[]))";
    }

    /** Ids as the text of a PostgreSQL array, for {@link #anyUuid}. */
    public static String uuidArray(List<UUID> ids) {
        StringBuilder text = new StringBuilder(ids.size() * 37 + 2).append('{');
        for (int i = 0; i < ids.size(); i++) {
            text.append(i == 0 ? "" : ",").append(ids.get(i));
        }
        return text.append('}').toString();
    }

    /** Runs {@code each} on consecutive chunks of at most {@link #CHUNK} items, one after another. */
    public static <T> Uni<Void> inChunks(List<T> items, Function<List<T>, Uni<?>> each) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < items.size(); from += CHUNK) {
            List<T> chunk = items.subList(from, Math.min(items.size(), from + CHUNK));
            chain = chain.chain(() -> each.apply(chunk).replaceWithVoid());
        }
        return chain;
    }
}
