package io.leadpool.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.leadpool.events.EventEnvelope;
import io.leadpool.events.EventType;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A native image reads only the event types registered for reflection: every one must be. */
class EventReflectionTest {

    @Test
    void everyEventAndEveryTypeInsideOneIsRegistered() {
        Set<Class<?>> needed = new LinkedHashSet<>();
        collect(EventEnvelope.class, needed);
        for (EventType t : EventType.values()) {
            collect(t.payloadType(), needed);
        }
        Set<Class<?>> registered = Set.of(EventReflection.class.getAnnotation(RegisterForReflection.class).targets());
        assertThat(registered).containsAll(needed);
    }

    @Test
    void classesRegisteredByNameExist() {
        String[] names = EventReflection.class.getAnnotation(RegisterForReflection.class).classNames();
        assertThat(names).isNotEmpty();
        for (String name : names) {
            assertThatCode(() -> Class.forName(name, false, getClass().getClassLoader()))
                    .as("%s is registered by name: a rename would leave it unregistered", name)
                    .doesNotThrowAnyException();
        }
    }

    /** The record, and the records and enums of the events' package in its components (lists too). */
    private static void collect(Class<?> type, Set<Class<?>> out) {
        if (!type.getPackageName().equals(EventType.class.getPackageName()) || !out.add(type) || !type.isRecord()) {
            return;
        }
        for (RecordComponent c : type.getRecordComponents()) {
            collect(c.getType(), out);
            Type generic = c.getGenericType();
            if (generic instanceof ParameterizedType p) {
                Arrays.stream(p.getActualTypeArguments()).filter(Class.class::isInstance)
                        .forEach(a -> collect((Class<?>) a, out));
            }
        }
    }
}
