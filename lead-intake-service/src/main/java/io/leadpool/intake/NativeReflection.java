package io.leadpool.intake;

import io.leadpool.intake.imports.ImportColumns;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An import's column mapping is a JSON column, read and written by Jackson reflectively (the lead and its
 * violations are event types, registered by lead-platform): register it for native images.
 */
@RegisterForReflection(targets = { ImportColumns.class, ImportColumns.Column.class })
final class NativeReflection {
    private NativeReflection() {
    }
}
