package vn.lienthong.gateway.platform;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import vn.lienthong.gateway.ledger.DossierState;
import vn.lienthong.gateway.ledger.Ledger;

/**
 * The gateway's own Prometheus metrics, next to Camel's per-route ones, all tagged with the environment:
 * dossiers by flow and state, queue and dead-letter depths, circuit states, scheduled-job lag.
 * Values that cost a query are cached for a few seconds so a scrape never hammers the database or broker.
 */
public final class GatewayMetrics {

    private static final Duration CACHE = Duration.ofSeconds(5);

    private final PrometheusMeterRegistry registry;
    // function counters hold their source weakly: a lambda nobody else references would be collected (value stuck at 0)
    private final List<Object> counterSources = new java.util.concurrent.CopyOnWriteArrayList<>();

    public GatewayMetrics(String environment) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("environment", environment);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public void dossiers(Ledger ledger, List<String> flows) {
        for (String flow : flows) {
            Cached<Map<String, Long>> counts = new Cached<>(() -> ledger.countByState(flow));
            for (DossierState state : DossierState.values()) {
                Gauge.builder("gateway_dossiers", () -> counts.get().getOrDefault(state.name(), 0L))
                        .description("Dossiers in the ledger by flow and state")
                        .tags(Tags.of("flow", flow, "state", state.name()))
                        .register(registry);
            }
        }
    }

    public void queues(QueueStats stats, List<String> queues) {
        Cached<Map<String, Long>> depths = new Cached<>(stats::depths);
        for (String queue : queues) {
            Gauge.builder(queue.startsWith("DLQ") ? "gateway_dead_letters" : "gateway_queue_depth",
                            () -> depths.get().getOrDefault(queue, 0L))
                    .description(queue.startsWith("DLQ") ? "Messages in a dead-letter queue" : "Messages waiting in a queue")
                    .tags("queue", queue)
                    .register(registry);
        }
    }

    public void circuits(UpstreamCircuits circuits, List<String> upstreams) {
        for (String upstream : upstreams) {
            Gauge.builder("gateway_circuit_open", () -> "CLOSED".equals(circuits.state(upstream)) ? 0 : 1)
                    .description("1 while an upstream's circuit breaker is open or half-open")
                    .tags("upstream", upstream)
                    .register(registry);
        }
    }

    public void jobLag(Heartbeats heartbeats, String job) {
        Gauge.builder("gateway_job_lag_seconds", () -> heartbeats.lag(job).map(d -> d.toMillis() / 1000.0).orElse(-1.0))
                .description("Seconds since a scheduled job last completed (-1: never yet)")
                .tags("job", job)
                .register(registry);
    }

    /** A counter-like value kept by a domain object (e.g. a token cache's refresh count). */
    public void counter(String name, String description, Supplier<Number> value, String... tags) {
        counterSources.add(value);
        io.micrometer.core.instrument.FunctionCounter.builder(name, value, v -> v.get().doubleValue())
                .description(description).tags(tags).register(registry);
    }

    public MeterRegistry meterRegistry() {
        return registry;
    }

    /** A value recomputed at most every few seconds; a failing source keeps the last value. */
    static final class Cached<T> {
        private final Supplier<T> source;
        private final AtomicReference<T> value = new AtomicReference<>();
        private volatile long at;

        Cached(Supplier<T> source) {
            this.source = source;
        }

        T get() {
            long now = System.nanoTime();
            if (value.get() == null || now - at > CACHE.toNanos()) {
                try {
                    value.set(source.get());
                    at = now;
                } catch (RuntimeException e) {
                    if (value.get() == null) {
                        throw e;
                    }
                }
            }
            return value.get();
        }
    }
}
