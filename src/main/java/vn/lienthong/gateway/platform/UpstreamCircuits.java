package vn.lienthong.gateway.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * One resilience4j circuit breaker per upstream (pmht, dvclt, molisa...). Routes call {@link #acquire} before an
 * upstream call and {@link #succeeded} after it; the shared error handling calls {@link #recordFailure}. Used as a bean rather than Camel's circuitBreaker
 * EIP because that EIP marks failures as exhausted, which would bypass the durable broker retries and the
 * dead-letter queue with the cause.
 */
public final class UpstreamCircuits {

    private final CircuitBreakerRegistry registry;
    /** Upstreams an operator paused (PMHT maintenance window): their circuit is held FORCED_OPEN. */
    private final Set<String> paused = ConcurrentHashMap.newKeySet();
    /** When this thread's current upstream call started (acquire), for the console's latency figures. */
    private final ThreadLocal<Long> callStart = new ThreadLocal<>();
    private final Map<String, CallStats> stats = new ConcurrentHashMap<>();

    public UpstreamCircuits(float failureRatePercent, int window, Duration open) {
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(failureRatePercent)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(window)
                .waitDurationInOpenState(open)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
    }

    /** Throws CallNotPermittedException while the upstream's circuit is open. */
    public void acquire(String upstream) {
        registry.circuitBreaker(upstream).acquirePermission();
        callStart.set(System.nanoTime());
    }

    public void succeeded(String upstream) {
        registry.circuitBreaker(upstream).onSuccess(0, TimeUnit.NANOSECONDS);
        count(upstream, true);
    }

    /** Called by the shared error handling; {@code upstream} is null when the failure was not an upstream call. */
    public void recordFailure(String upstream, Throwable cause) {
        if (upstream != null && !upstream.isBlank()) {
            registry.circuitBreaker(upstream).onError(0, TimeUnit.NANOSECONDS, cause);
            count(upstream, false);
        }
    }

    public String state(String upstream) {
        return registry.circuitBreaker(upstream).getState().name();
    }

    /** Every upstream called so far and its circuit state (health checks, console). */
    public Map<String, String> states() {
        Map<String, String> states = new TreeMap<>();
        registry.getAllCircuitBreakers().forEach(cb -> states.put(cb.getName(), cb.getState().name()));
        return states;
    }

    /** Closes the circuit and forgets its failures; a paused upstream stays paused. */
    public void reset(String upstream) {
        registry.circuitBreaker(upstream).reset();
        if (paused.contains(upstream)) {
            registry.circuitBreaker(upstream).transitionToForcedOpenState();
        }
    }

    /**
     * Stops calls to the upstream until {@link #resume}: {@link #acquire} refuses like an open circuit
     * (CallNotPermittedException), so queue consumers roll back and the messages wait in their queues
     * (routes/errors.camel.yaml); nothing is dead-lettered for it.
     */
    public void pause(String upstream) {
        paused.add(upstream);
        registry.circuitBreaker(upstream).transitionToForcedOpenState();
    }

    /** Ends a pause: the circuit is closed again and the waiting messages flow on their next delivery. */
    public void resume(String upstream) {
        if (paused.remove(upstream)) {
            registry.circuitBreaker(upstream).transitionToClosedState();
        }
    }

    public boolean paused(String upstream) {
        return paused.contains(upstream);
    }

    /** Calls of one upstream in one minute: successes, failures and the summed latency of the timed ones. */
    public record Minute(Instant minute, long ok, long failed, long timedCalls, long totalMillis) {
    }

    /** The upstream's calls per minute over the last {@code minutes} (only minutes with calls). */
    public List<Minute> calls(String upstream, int minutes) {
        CallStats s = stats.get(upstream);
        return s == null ? List.of() : s.since(System.currentTimeMillis() / 60_000 - minutes + 1);
    }

    private void count(String upstream, boolean ok) {
        Long start = callStart.get();
        callStart.remove();
        // the shared error handling reports a failure UpstreamHttp already counted: only the first report counts
        if (!ok && start == null) {
            return;
        }
        long millis = start == null ? -1 : (System.nanoTime() - start) / 1_000_000;
        stats.computeIfAbsent(upstream, u -> new CallStats()).add(System.currentTimeMillis() / 60_000, ok, millis);
    }

    /** A ring of per-minute counters over 24 hours; no allocation per call. */
    private static final class CallStats {
        private static final int SIZE = 24 * 60;
        private final long[] minuteOf = new long[SIZE];
        private final long[] ok = new long[SIZE];
        private final long[] failed = new long[SIZE];
        private final long[] timed = new long[SIZE];
        private final long[] millis = new long[SIZE];

        synchronized void add(long minute, boolean success, long ms) {
            int i = (int) (minute % SIZE);
            if (minuteOf[i] != minute) {
                minuteOf[i] = minute;
                ok[i] = 0;
                failed[i] = 0;
                timed[i] = 0;
                millis[i] = 0;
            }
            if (success) {
                ok[i]++;
            } else {
                failed[i]++;
            }
            if (ms >= 0) {
                timed[i]++;
                millis[i] += ms;
            }
        }

        synchronized List<Minute> since(long firstMinute) {
            List<Minute> out = new ArrayList<>();
            for (int i = 0; i < SIZE; i++) {
                if (minuteOf[i] >= firstMinute && (ok[i] + failed[i]) > 0) {
                    out.add(new Minute(Instant.ofEpochSecond(minuteOf[i] * 60), ok[i], failed[i], timed[i], millis[i]));
                }
            }
            out.sort(java.util.Comparator.comparing(Minute::minute));
            return out;
        }
    }
}
