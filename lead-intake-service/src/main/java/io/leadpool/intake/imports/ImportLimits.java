package io.leadpool.intake.imports;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every limit an import has, explicit and configurable ({@code leadpool.import.*}). */
@ConfigMapping(prefix = "leadpool.import")
public interface ImportLimits {

    /** Largest file accepted: 100 MB. */
    @WithDefault("104857600")
    long maxBytes();

    /** Most data rows (the header not counted): Excel's own limit. */
    @WithDefault("1048576")
    long maxRows();

    @WithDefault("200")
    int maxColumns();

    /** Longest cell, in characters: Excel's own limit. */
    @WithDefault("32767")
    int maxCellChars();

    /** Rows handed on per transaction (one checkpoint, one multi-row outbox insert). */
    @WithDefault("1000")
    int batchRows();

    @WithDefault("1000")
    int xlsxMaxParts();

    /** Inflated size of any one part of a workbook: 1 GiB. */
    @WithDefault("1073741824")
    long xlsxMaxPartBytes();

    /** Inflated size over compressed size beyond which a part is taken for a zip bomb. */
    @WithDefault("200")
    long xlsxMaxRatio();

    /** The shared-strings table is held in memory while a workbook is read: its budget in characters. */
    @WithDefault("33554432")
    long xlsxMaxSharedStringChars();

    /** Chunk size of the stored upload. */
    @WithDefault("1048576")
    int storeChunkBytes();

    /** How long a worker holds an import before another may take it over (after a crash). */
    @WithDefault("PT30S")
    java.time.Duration lease();
}
