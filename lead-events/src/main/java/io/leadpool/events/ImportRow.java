package io.leadpool.events;

import java.util.UUID;

/**
 * Where a lead came from when it came in a file: the import, its row (1 is the first data row) and the
 * pool the uploader asked for, if any. Dedup's decision carries it back so that intake can count the
 * row once and name the column of a rejection.
 */
public record ImportRow(UUID importId, long row, UUID poolId) {
}
