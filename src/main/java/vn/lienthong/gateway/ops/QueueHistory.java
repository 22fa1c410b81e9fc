package vn.lienthong.gateway.ops;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** Queue depths sampled over time for the console's chart (memory only, the last {@code capacity} samples). */
final class QueueHistory {

    record Sample(Instant at, Map<String, Long> depths) {
    }

    private final int capacity;
    private final Deque<Sample> samples = new ArrayDeque<>();

    QueueHistory(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(Instant at, Map<String, Long> depths) {
        samples.addLast(new Sample(at, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(depths))));
        while (samples.size() > capacity) {
            samples.removeFirst();
        }
    }

    synchronized List<Sample> all() {
        return new ArrayList<>(samples);
    }
}
