package vn.lienthong.gateway.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Last success time of each scheduled job (DVCLT pull, PMHT polling, catalogue refresh...): routes call
 * {@code heartbeats.beat('pmht-poll')} when a run completes; metrics export the lag and alerts fire when it stalls.
 */
public final class Heartbeats {

    private final Clock clock;
    private final Map<String, Instant> last = new ConcurrentHashMap<>();

    public Heartbeats(Clock clock) {
        this.clock = clock;
    }

    public void beat(String job) {
        last.put(job, clock.instant());
    }

    public Optional<Duration> lag(String job) {
        Instant at = last.get(job);
        return at == null ? Optional.empty() : Optional.of(Duration.between(at, clock.instant()));
    }

    public Map<String, Instant> all() {
        return new TreeMap<>(last);
    }
}
