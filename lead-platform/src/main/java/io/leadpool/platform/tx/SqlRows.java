package io.leadpool.platform.tx;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.Function;

/**
 * Multi-row statements with named parameters: {@code values(2, "id:uuid", "name")} gives
 * {@code (cast(:id0 as uuid), :name0), (cast(:id1 as uuid), :name1)}, to bind as {@code id0, name0, …}.
 * One statement for many rows, in chunks small enough for PostgreSQL's parameter limit.
 */
public final class SqlRows {

    /** Rows per statement that keeps even ten columns far below PostgreSQL's 65,535 parameters. */
    public static final int CHUNK = 500;

    private SqlRows() {
    }

    /** @param columns parameter names, each optionally {@code name:type} to cast the parameter */
    public static String values(int rows, String... columns) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "(" : ", (");
            for (int c = 0; c < columns.length; c++) {
                String[] nameType = columns[c].split(":", 2);
                if (c > 0) {
                    sql.append(", ");
                }
                if (nameType.length == 2) {
                    sql.append("cast(:").append(nameType[0]).append(i).append(" as ").append(nameType[1]).append(')');
                } else {
                    sql.append(':').append(nameType[0]).append(i);
                }
            }
            sql.append(')');
        }
        return sql.toString();
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
