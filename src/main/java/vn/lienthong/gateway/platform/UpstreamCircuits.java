package vn.lienthong.gateway.platform;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
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
    }

    public void succeeded(String upstream) {
        registry.circuitBreaker(upstream).onSuccess(0, TimeUnit.NANOSECONDS);
    }

    /** Called by the shared error handling; {@code upstream} is null when the failure was not an upstream call. */
    public void recordFailure(String upstream, Throwable cause) {
        if (upstream != null && !upstream.isBlank()) {
            registry.circuitBreaker(upstream).onError(0, TimeUnit.NANOSECONDS, cause);
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

    public void reset(String upstream) {
        registry.circuitBreaker(upstream).reset();
    }
}
