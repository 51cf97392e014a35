package io.leadpool.events;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/** How events that carry many rows of an import are cut: few events, each well below a Kafka record's 1 MB. */
final class EventBatches {

    /** Most rows in one event. */
    static final int MAX_ROWS = 1000;

    /**
     * Most bytes the rows of one event may take by {@link LeadDetails#maxJsonBytes()}: with the envelope around them, an
     * event stays below the 1 MB a Kafka record may have by default (producer, broker and topic).
     */
    static final long MAX_ROW_BYTES = 768 * 1024;

    private EventBatches() {
    }

    /**
     * The items in their order, cut into consecutive runs of at most {@link #MAX_ROWS} whose {@code bytes} add up to at
     * most {@link #MAX_ROW_BYTES} (an item larger than that is a run of its own).
     */
    static <T> List<List<T>> runs(List<T> items, ToLongFunction<T> bytes) {
        List<List<T>> runs = new ArrayList<>();
        List<T> current = new ArrayList<>();
        long size = 0;
        for (T item : items) {
            long b = bytes.applyAsLong(item);
            if (!current.isEmpty() && (current.size() == MAX_ROWS || size + b > MAX_ROW_BYTES)) {
                runs.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(item);
            size += b;
        }
        if (!current.isEmpty()) {
            runs.add(current);
        }
        return runs;
    }
}
