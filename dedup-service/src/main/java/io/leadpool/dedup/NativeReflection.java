package io.leadpool.dedup;

import io.leadpool.dedup.conflict.Conflict;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A conflict's matched fields are a JSON column, read and written by Jackson reflectively: register them for native images. */
@RegisterForReflection(targets = { Conflict.Matched.class })
final class NativeReflection {
    private NativeReflection() {
    }
}
