package vn.lienthong.gateway.platform;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.jms.ConnectionFactory;
import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.main.Main;
import vn.lienthong.gateway.ledger.Ledger;

/** What a flow module may use and register while the gateway is assembled. */
public final class FlowContext {

    private GatewayConfig config;
    private final Clock clock;
    private final Ledger ledger;
    private final UpstreamCircuits circuits;
    private final Main main;
    private final Heartbeats heartbeats;
    private final GatewayMetrics metrics;
    private final DataSource dataSource;
    private final Map<String, Object> beans = new LinkedHashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<String, String> upstreamUrls = new LinkedHashMap<>();
    private javax.net.ssl.SSLContext upstreamSslContext;
    private final DeadLetters deadLetters = new DeadLetters();
    private final Map<Class<?>, Map<String, Object>> contributions = new LinkedHashMap<>();
    private java.net.http.HttpClient upstreamClient;

    FlowContext(GatewayConfig config, Clock clock, Ledger ledger, UpstreamCircuits circuits, Main main,
                Heartbeats heartbeats, GatewayMetrics metrics, DataSource dataSource) {
        this.heartbeats = heartbeats;
        this.metrics = metrics;
        this.dataSource = dataSource;
        this.config = config;
        this.clock = clock;
        this.ledger = ledger;
        this.circuits = circuits;
        this.main = main;
    }

    /** The configuration, with the defaults published so far by earlier modules ({@link #publishDefaults}). */
    public GatewayConfig config() {
        return config;
    }

    /**
     * Defaults for unset variables, seen by the modules that configure after this one: the sandbox module publishes
     * its simulators' URLs (PMHT_URL...), which the flows then read like any other setting.
     */
    public void publishDefaults(Map<String, String> defaults) {
        config = config.withDefaults(defaults);
    }

    /**
     * The flow's bookkeeping when a message of route {@code routeId} is dead-lettered (routes/errors.camel.yaml asks
     * the bean deadLetters, which answers from these registrations).
     */
    public void onDeadLetter(String routeId, DeadLetters.Handler handler) {
        deadLetters.register(routeId, handler);
    }

    DeadLetters deadLetters() {
        return deadLetters;
    }

    /**
     * Offers a value of a shared-kernel type to whichever module collects that type (e.g. the retention job collects
     * PayloadRetention.Purger), so that modules need not know each other.
     */
    public <T> void contribute(Class<T> type, String name, T value) {
        contributions.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(name, value);
    }

    /** Values contributed so far (by modules configured earlier), in order. */
    public <T> Map<String, T> contributions(Class<T> type) {
        Map<String, T> found = new LinkedHashMap<>();
        contributions.getOrDefault(type, Map.of()).forEach((name, value) -> found.put(name, type.cast(value)));
        return found;
    }

    public Clock clock() {
        return clock;
    }

    public Ledger ledger() {
        return ledger;
    }

    public UpstreamCircuits circuits() {
        return circuits;
    }

    /** Encryption at rest of personal data (DATA_KEYS): every store of payloads, certificates or evidence uses it. */
    public vn.lienthong.gateway.security.PayloadCipher cipher() {
        return ledger.cipher();
    }

    /** The gateway's database (migrated), for a flow's own tables. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Scheduled jobs report completion here ({@code heartbeats.beat('job')} from routes); lag is exported. */
    public Heartbeats heartbeats() {
        return heartbeats;
    }

    /** For flow-specific metrics (e.g. token refresh counters); all carry the environment tag. */
    public GatewayMetrics metrics() {
        return metrics;
    }

    /** The gateway's JMS connection factory, for operations on queues outside the routes (the console). */
    public ConnectionFactory connectionFactory() {
        return main.lookup("jms", JmsComponent.class).getConfiguration().getConnectionFactory();
    }

    /** The Camel context; its routes exist only once the gateway has started. */
    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    /**
     * The SSL context for a flow's own JDK HTTP client to an upstream: certificates and host names verified against
     * UPSTREAM_TRUSTSTORE, or the JDK's trust store (camel-http endpoints in the routes get the same by themselves).
     */
    public javax.net.ssl.SSLContext upstreamSslContext() {
        if (upstreamSslContext == null) {
            upstreamSslContext = UpstreamTls.from(config).sslContext();
        }
        return upstreamSslContext;
    }

    /**
     * The HTTP client of one upstream ({@code name}: its circuit, e.g. pmht) at {@code baseUrl}: the upstream SSL
     * context, UPSTREAM_TIMEOUT_MS (else PMHT_TIMEOUT_MS, 10 s) for connecting and for each answer, no hidden retries,
     * the shared status rule (vn.lienthong.gateway.platform.upstream.UpstreamHttp). One JDK client for all upstreams.
     */
    public vn.lienthong.gateway.platform.upstream.UpstreamHttp upstreamHttp(String name, String baseUrl) {
        java.time.Duration timeout = java.time.Duration.ofMillis(
                config.upstreamTimeoutMs());
        if (upstreamClient == null) {
            upstreamClient = vn.lienthong.gateway.platform.upstream.UpstreamHttp.client(upstreamSslContext(), timeout);
        }
        return new vn.lienthong.gateway.platform.upstream.UpstreamHttp(name, baseUrl, upstreamClient, timeout, circuits);
    }

    void upstreamSslContext(javax.net.ssl.SSLContext context) {
        this.upstreamSslContext = context;
    }

    /** Makes a bean callable from the YAML routes by name. */
    public void bind(String name, Object bean) {
        beans.put(name, bean);
        main.bind(name, bean);
    }

    /** A property placeholder ({{name}}) for the routes. */
    public void property(String name, String value) {
        main.addInitialProperty(name, value);
    }

    /** Announces an upstream's base URL for GET /api/info (URLs only, never credentials). */
    public void upstreamUrl(String upstream, String url) {
        upstreamUrls.put(upstream, url);
    }

    Map<String, String> upstreamUrls() {
        return upstreamUrls;
    }

    /** Closed (in reverse order) when the gateway stops: simulators, clients. */
    public <T extends AutoCloseable> T closeOnStop(T resource) {
        closeables.add(resource);
        return resource;
    }

    /** A bean registered by any module, for tests and operations (e.g. a sandbox simulator). */
    public <T> T bean(String name, Class<T> type) {
        return type.cast(beans.get(name));
    }

    List<AutoCloseable> closeables() {
        return closeables;
    }
}
