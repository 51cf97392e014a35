package io.leadpool.intake.imports;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** What a caller sees of an import. {@code rowsPerSecond} counts decided rows over the time so far. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportView(UUID importId, ImportStatus status, String fileName, ImportFormat.Kind format, String charset,
        long sizeBytes, UUID poolId, long total, long processed, long accepted, long duplicates, long rejected,
        double rowsPerSecond, Map<String, String> columns, String failure, Instant startedAt, Instant finishedAt) {

    public static ImportView of(ImportJob j, Instant now) {
        long decided = j.accepted + j.duplicates + j.rejected;
        Instant end = j.finishedAt != null ? j.finishedAt : now;
        double seconds = Math.max(0.001, Duration.between(j.startedAt, end).toMillis() / 1000.0);
        Map<String, String> columns = new LinkedHashMap<>();
        for (ImportColumns.Column c : j.columns.columns()) {
            columns.put(c.header(), c.field() == null ? ImportColumns.IGNORE : c.field());
        }
        return new ImportView(j.id, j.status, j.fileName, j.format, j.charset, j.sizeBytes, j.poolId, j.total,
                j.processed, j.accepted, j.duplicates, j.rejected, Math.round(decided / seconds * 10) / 10.0, columns,
                j.failure, j.startedAt, j.finishedAt);
    }
}
