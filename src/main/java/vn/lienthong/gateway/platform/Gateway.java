package vn.lienthong.gateway.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.utils.uri.URISupport;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;
import vn.lienthong.gateway.ledger.DossierQuery;
import vn.lienthong.gateway.ledger.Ledger;
import vn.lienthong.gateway.security.PayloadCipher;

/**
 * Assembles the gateway: broker (embedded unless BROKER_URL), database (embedded HSQLDB unless DB_URL), the
 * shared beans, each module found on the class path (the sandbox's simulators, then each flow's beans and
 * properties) and Camel Main loading routes/.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    /**
     * Every module on the class path (META-INF/services/vn.lienthong.gateway.platform.FlowModule), in their order: a
     * new flow adds its module there, in its own package, and its routes file under routes/.
     */
    static List<FlowModule> modules() {
        List<FlowModule> modules = new ArrayList<>();
        java.util.ServiceLoader.load(FlowModule.class, Gateway.class.getClassLoader()).forEach(modules::add);
        modules.sort(java.util.Comparator.comparingInt(FlowModule::order)
                .thenComparing(m -> m.getClass().getName()));
        return modules;
    }

    private final GatewayConfig config;
    private final Clock clock;
    private EmbeddedBroker broker;
    private Database database;
    private CachingConnectionFactory connectionFactory;
    private Main main;
    private Ledger ledger;
    private UpstreamCircuits circuits;
    private FlowContext flows;
    private GatewayMetrics metrics;
    private Heartbeats heartbeats;
    private ApiAuthentication apiAuthentication;
    private HttpServerTls serverTls;
    private UpstreamTls upstreamTls;
    private ServerVertx serverVertx;

    public Gateway(GatewayConfig config) {
        this(config, Clock.systemUTC());
    }

    public Gateway(GatewayConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Starts everything and returns once routes are running. */
    public Gateway start() throws Exception {
        try {
            startAll();
            return this;
        } catch (Exception | Error e) {
            // e.g. a simulator's port taken or an HTTP route without a declared scope: nothing may stay
            // half-started (ports, broker and its in-VM acceptor, database), or the next start in this JVM meets it
            close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        long t0 = System.nanoTime();
        LOG.info("Starting gateway: {}", config);
        if (!config.isSandbox()) {
            LOG.warn("GATEWAY_ENV={}: dossiers go to the REAL upstreams configured", config.environmentName());
        }
        PayloadCipher cipher = DataKeys.cipher(config);
        // TLS settings are checked before anything starts: a wrong store or a plain-HTTP upstream refuses the start
        UpstreamTls.checkPlainHttp(config);
        upstreamTls = UpstreamTls.from(config);
        serverTls = HttpServerTls.from(config);
        LOG.info("HTTP server: {}; upstream certificates checked against {}", serverTls == null
                ? "plain HTTP (HTTP_TLS_KEYSTORE not set)"
                : "HTTPS, client certificates " + serverTls.clientAuth().name().toLowerCase(java.util.Locale.ROOT),
                upstreamTls.source());
        if (serverTls == null && !config.isSandbox()) {
            LOG.warn("GATEWAY_ENV={}: the HTTP server is plain HTTP; terminate TLS in front of it or set HTTP_TLS_KEYSTORE",
                    config.environmentName());
        }
        ConnectionFactory jmsFactory = connectBroker();
        database = new Database(config.dbUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize(),
                config.getLong(PlatformVariables.DB_CONNECTION_TIMEOUT_MS), config.get(PlatformVariables.DB_SCHEMA));
        // values not bound to their row (stored before) are read only until the one-off re-encryption has run
        ledger = new Ledger(database.dataSource(), clock,
                cipher.acceptingUnboundWhile(vn.lienthong.gateway.ledger.DataAtRestMigration.pending(database.dataSource())));
        circuits = new UpstreamCircuits(Float.parseFloat(config.get(PlatformVariables.CIRCUIT_FAILURE_RATE)),
                config.getInt(PlatformVariables.CIRCUIT_WINDOW), Duration.ofSeconds(config.getInt(PlatformVariables.CIRCUIT_OPEN_SECONDS)));
        metrics = new GatewayMetrics(config.environmentName());
        heartbeats = new Heartbeats(clock);
        main = new Main();
        configureCamel(jmsFactory);
        flows = new FlowContext(config, clock, ledger, circuits, main, heartbeats, metrics, database.dataSource());
        flows.upstreamSslContext(upstreamTls.sslContext());
        List<String> flowNames = new ArrayList<>();
        List<String> queues = new ArrayList<>();
        List<String> upstreams = new ArrayList<>();
        for (FlowModule module : modules()) {
            module.configure(flows);
            if (module.flow() != null) {
                flowNames.add(module.flow());
            }
            queues.addAll(module.queues());
            upstreams.addAll(module.upstreams());
        }
        main.bind("deadLetters", flows.deadLetters());
        camelProperties(flows.config());
        metrics.dossiers(ledger, flowNames);
        metrics.queues(queueStats(), queues);
        metrics.circuits(circuits, upstreams);
        main.bind("gatewayInfo", new GatewayInfo(config, flows.upstreamUrls()));
        apiAuthentication = new ApiAuthentication(config, metrics.registry());
        apiAuthentication.bind(main);
        main.start();
        apiAuthentication.install(main.getCamelContext(), config.getInt(PlatformVariables.MANAGEMENT_PORT));
        if (apiAuthentication.devToken() != null) {
            // sandbox only: printed, not logged, so that a developer can call the API
            System.out.println("Sandbox development API token (all flows): " + apiAuthentication.devToken());
        }
        LOG.info("Gateway ready in {} ms (environment {})", (System.nanoTime() - t0) / 1_000_000, config.environmentName());
    }

    /**
     * Settings the routes read as they are ({{pmht.url}}, {{retry.max}}...) become Camel properties in this one place,
     * from their declarations (Setting.property); after the modules, so that the sandbox's published URLs count.
     */
    private void camelProperties(GatewayConfig withDefaults) {
        for (Setting setting : Settings.all()) {
            String value = setting.property() == null ? null : withDefaults.propertyValue(setting);
            if (value != null) {
                main.addInitialProperty(setting.property(), value);
            }
        }
    }

    private ConnectionFactory connectBroker() {
        ActiveMQConnectionFactory artemis;
        if (config.brokerUrl() == null) {
            broker = new EmbeddedBroker(config.dataDir().resolve("broker"), config.embeddedBrokerAcceptor(), false,
                    config.getLong(PlatformVariables.RETRY_DELAY_MS), config.getInt(PlatformVariables.BROKER_MAX_DELIVERY_ATTEMPTS),
                    config.getLong(PlatformVariables.BROKER_JOURNAL_BUFFER_TIMEOUT_US));
            String brokerUser = null;
            String brokerPassword = null;
            if (!config.isSandbox() && !"none".equalsIgnoreCase(config.embeddedBrokerAcceptor())) {
                // other systems drop messages on this acceptor: never anonymous outside the sandbox
                brokerUser = config.get(PlatformVariables.EMBEDDED_BROKER_USER);
                brokerPassword = config.get(PlatformVariables.EMBEDDED_BROKER_PASSWORD);
                if (brokerUser == null || brokerPassword == null) {
                    throw new ConfigException("GATEWAY_ENV=" + config.environmentName() + " with the embedded broker's TCP acceptor "
                            + "requires EMBEDDED_BROKER_USER and EMBEDDED_BROKER_PASSWORD (or EMBEDDED_BROKER_ACCEPTOR=none)");
                }
                // other systems log in as their own EMBEDDED_BROKER_USERS, each limited by its role (BrokerRoles)
                vn.lienthong.gateway.security.BrokerUsers users;
                try {
                    users = vn.lienthong.gateway.security.BrokerUsers.parse(config.get(PlatformVariables.EMBEDDED_BROKER_USERS), brokerUser);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(e.getMessage());
                }
                broker.requireLogin(brokerUser, brokerPassword, users);
            }
            broker.tls(config.get(PlatformVariables.EMBEDDED_BROKER_TLS_KEYSTORE), config.get(PlatformVariables.EMBEDDED_BROKER_TLS_KEYSTORE_PASSWORD));
            broker.start();
            artemis = new ActiveMQConnectionFactory(EmbeddedBroker.IN_VM_URL, brokerUser, brokerPassword);
        } else {
            artemis = new ActiveMQConnectionFactory(config.brokerUrl(), config.brokerUser(), config.brokerPassword());
            brokerClientDefaults(artemis, config.brokerUrl());
        }
        // Durable sends block until the broker has the message: the basis of "202 only once enqueued".
        artemis.setBlockOnDurableSend(true);
        connectionFactory = new CachingConnectionFactory(artemis);
        connectionFactory.setSessionCacheSize(config.getInt(PlatformVariables.JMS_SESSION_CACHE));
        connectionFactory.setCacheConsumers(false);
        // if the Artemis client gives up (no reconnect parameters, or attempts exhausted), the shared connection
        // and its cached sessions are dropped and the listener containers build new ones
        connectionFactory.setReconnectOnException(true);
        return connectionFactory;
    }

    /**
     * An external broker restarts or fails over: unless BROKER_URL says otherwise, the Artemis client reconnects
     * for ever (every 0.5 s, backing off to 2 s) and re-creates sessions and consumers; in-flight local transactions
     * roll back and the broker redelivers their messages. Parameters present in the URL win.
     * <p>
     * A broker that stops answering without closing the connection is found in seconds, not in Artemis's 30 to 120:
     * a blocking call (commit, durable send) waits at most {@value #CALL_TIMEOUT_MS} ms for its answer, and a
     * connection that brought nothing (not even the answers to our pings) for {@value #CONNECTION_TTL_MS} ms is
     * failed and reconnected. In the crash tests a commit sent as the broker was killed sometimes waited out the
     * 30 s call timeout, for a cause not found (docs/production.md, "Failure detection").
     */
    static void brokerClientDefaults(ActiveMQConnectionFactory artemis, String url) {
        Set<String> given = parameterNames(url);
        CLIENT_DEFAULTS.forEach((name, apply) -> {
            if (!given.contains(name)) {
                apply.accept(artemis);
            }
        });
    }

    /**
     * Longest wait for a blocking call's answer (Artemis's default: 30 s). A commit that takes longer fails the
     * connection and has an unknown outcome: the client reconnects, the messages come back, the claims absorb a
     * copy that was in fact committed, as after a broker restart.
     */
    static final long CALL_TIMEOUT_MS = 10_000;
    /** The client pings the broker this often (Artemis's default: 30 s); the broker answers each ping. */
    static final long FAILURE_CHECK_MS = 3_000;
    /**
     * Both sides fail a connection that brought them nothing for this long (Artemis's default: 60 s): three pings'
     * worth, so that one late ping from a busy node does not cut it off.
     */
    static final long CONNECTION_TTL_MS = 10_000;

    /** The client parameters the gateway sets when BROKER_URL does not, by their URL names. */
    private static final Map<String, Consumer<ActiveMQConnectionFactory>> CLIENT_DEFAULTS = Map.of(
            "reconnectAttempts", f -> f.setReconnectAttempts(-1),
            "retryInterval", f -> f.setRetryInterval(500),
            "retryIntervalMultiplier", f -> f.setRetryIntervalMultiplier(1.5),
            "maxRetryInterval", f -> f.setMaxRetryInterval(2_000),
            // a node may start while the broker is still starting (compose, rolling restarts)
            "initialConnectAttempts", f -> f.setInitialConnectAttempts(60),
            "callTimeout", f -> f.setCallTimeout(CALL_TIMEOUT_MS),
            "clientFailureCheckPeriod", f -> f.setClientFailureCheckPeriod(FAILURE_CHECK_MS),
            "connectionTTL", f -> f.setConnectionTTL(CONNECTION_TTL_MS));

    /**
     * Names of the URL's query parameters, read by Artemis's own query parser (it reads them case-sensitively, so they
     * are compared as written).
     */
    private static Set<String> parameterNames(String url) {
        int q = url.indexOf('?');
        return q < 0 ? Set.of() : URISupport.parseQuery(url.substring(q + 1)).keySet();
    }

    private QueueStats queueStats() {
        return broker != null ? QueueStats.embedded(broker.server().getActiveMQServer())
                : QueueStats.viaManagement(connectionFactory);
    }

    private void configureCamel(ConnectionFactory jmsFactory) {
        var mc = main.configure();
        // a stable context name: JMX object names and metrics stay the same in every environment
        mc.withName("lienthong-gateway");
        // SIGTERM: consumers stop taking messages and in-flight exchanges get this long to finish; whatever is still
        // running after it is cut, its JMS transaction rolls back and the broker redelivers it (to another node)
        mc.withShutdownTimeout(config.getInt(PlatformVariables.SHUTDOWN_TIMEOUT_SECONDS));
        mc.withRoutesIncludePattern("file:" + config.routesDir() + "/*.camel.yaml");
        mc.withJmxEnabled(true);
        mc.withJmxManagementStatisticsLevel(org.apache.camel.ManagementStatisticsLevel.Extended);
        mc.withJmxManagementMBeansLevel(org.apache.camel.ManagementMBeansLevel.RoutesOnly);
        mc.httpManagementServer().withEnabled(config.getBoolean(PlatformVariables.MANAGEMENT_ENABLED))
                .withHost(config.managementHost()).withPort(config.getInt(PlatformVariables.MANAGEMENT_PORT))
                .withHealthCheckEnabled(true).withMetricsEnabled(true).withInfoEnabled(true)
                .withJolokiaEnabled(false).withDevConsoleEnabled(false).withUploadEnabled(false).withSendEnabled(false)
                .withDownloadEnabled(false);
        mc.metrics().withEnabled(true).withEnableRoutePolicy(true).withRoutePolicyLevel("route")
                .withEnableExchangeEventNotifier(false).withEnableMessageHistory(false);
        // the builder's false above does not reach the metrics service (it reads camel.metrics.* properties), and the
        // exchange event notifier it then installs looked its gauges up through every meter of the registry on
        // each exchange event: ~7% of the gateway's CPU in the benchmark (BENCHMARKS.md). Route metrics stay.
        main.addOverrideProperty("camel.metrics.enableExchangeEventNotifier", "false");
        mc.health().withEnabled(true);
        main.bind("metricsRegistry", metrics.registry());
        main.bind("heartbeats", heartbeats);
        for (org.apache.camel.health.HealthCheck check
                : GatewayHealthChecks.all(jmsFactory, database.dataSource(), circuits)) {
            main.bind("health-" + check.getId(), check);
        }
        mc.httpServer().withEnabled(true).withHost(config.httpHost()).withPort(config.httpPort())
                .withMaxBodySize(config.maxBodyBytes());
        if (serverTls != null) {
            serverTls.configure(mc);
        }
        // Camel's HTTP servers look a Vert.x instance up in the registry and create their servers on it
        serverVertx = ServerVertx.create(serverTls == null ? null : serverTls.vertxClientAuth());
        main.bind("vertx", serverVertx);

        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(jmsFactory);
        jms.getConfiguration().setDeliveryPersistent(true);
        // a listener container whose connection broke tries again after this interval (Spring's default: 5 s)
        jms.getConfiguration().setRecoveryInterval(config.getLong(PlatformVariables.JMS_RECOVERY_INTERVAL_MS));
        // transacted routes use plain local JMS transactions on the listener's own session (the sends of the
        // route join it, so receive + sends still commit or roll back together). Without this Camel creates a
        // JmsTransactionManager, which makes Spring's listener container cache nothing: every message then
        // opened a new consumer that prefetched a window of messages and cancelled them back on close
        // (the top of the CPU profile, see BENCHMARKS.md).
        jms.getConfiguration().setLazyCreateTransactionManager(false);
        main.bind("jms", jms);

        // http: and https: URIs resolve to two components of their own: both get the same settings (an unbound
        // https component would be Camel's default one, without these timeouts and with client retries)
        main.bind("http", upstreamHttp());
        main.bind("https", upstreamHttp());

        if (QuartzClustering.enabled(config)) {
            // scheduled routes (quartz:...) fire once per tick across all nodes; see docs/production.md
            main.bind("quartz", QuartzClustering.component(config, database.dataSource()));
            LOG.info("Quartz clustered on the gateway database (JDBC job store)");
        } else {
            // in memory (one node): Camel's default component, logging its firings like the clustered one
            main.bind("quartz", QuartzClustering.inMemory(config));
        }
        main.bind("ledger", ledger);
        main.bind("circuits", circuits);
        main.bind("dossierQuery", new DossierQuery(ledger));
        // routeConfiguration http-errors (routes/errors.camel.yaml): every HTTP route's answer to a failure
        main.bind("httpFailures", new HttpFailures());
        main.addInitialProperty("gateway.environment", config.environmentName());
    }

    /** camel-http for upstream calls: bounded timeouts, no hidden retries, certificates verified (UpstreamTls). */
    private HttpComponent upstreamHttp() {
        // timeouts bound every upstream call, so a hung upstream becomes a retry, not a stuck consumer
        int timeout = config.upstreamTimeoutMs();
        HttpComponent http = new HttpComponent();
        http.setConnectTimeout(timeout);
        http.setConnectionRequestTimeout(timeout);
        http.setSoTimeout(timeout);
        http.setResponseTimeout(timeout);
        // retries are the broker's job (durable, counted, dead-lettered); hidden client retries would re-push
        http.setAutomaticRetriesDisabled(true);
        http.setMaxTotalConnections(config.getInt(PlatformVariables.HTTP_CLIENT_MAX_CONNECTIONS));
        http.setConnectionsPerRoute(config.getInt(PlatformVariables.HTTP_CLIENT_CONNECTIONS_PER_ROUTE));
        upstreamTls.configure(http);
        return http;
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public GatewayConfig config() {
        return config;
    }

    public Ledger ledger() {
        return ledger;
    }

    public UpstreamCircuits circuits() {
        return circuits;
    }

    /** A bean a flow module registered (simulators for tests, clients for operations). */
    public <T> T bean(String name, Class<T> type) {
        return flows.bean(name, type);
    }

    /** Values the modules contributed of a shared type (e.g. LaunchCommand), by name. */
    public <T> Map<String, T> contributions(Class<T> type) {
        return flows.contributions(type);
    }

    /** The sandbox's development API token (null outside the sandbox). */
    public String devToken() {
        return apiAuthentication == null ? null : apiAuthentication.devToken();
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    public Heartbeats heartbeats() {
        return heartbeats;
    }

    public QueueStats queueStatsView() {
        return queueStats();
    }

    public ConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    @Override
    public void close() {
        if (main != null) {
            try {
                main.stop();
            } catch (Exception e) {
                LOG.warn("Camel did not stop cleanly: {}", e.toString());
            }
        }
        if (serverVertx != null) {
            try {
                serverVertx.close().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Vert.x did not stop cleanly: {}", e.toString());
            }
        }
        if (connectionFactory != null) {
            connectionFactory.destroy();
        }
        if (flows != null) {
            List<AutoCloseable> resources = new ArrayList<>(flows.closeables());
            Collections.reverse(resources);
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("{} did not close cleanly: {}", resource.getClass().getSimpleName(), e.toString());
                }
            }
        }
        if (database != null) {
            database.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
