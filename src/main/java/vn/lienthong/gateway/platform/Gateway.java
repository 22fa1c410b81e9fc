package vn.lienthong.gateway.platform;

import java.time.Clock;
import java.util.Map;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;
import vn.lienthong.gateway.catalog.AdminUnitCatalog;
import vn.lienthong.gateway.catalog.CatalogAddressNormalizer;
import vn.lienthong.gateway.civil.CivilDispatch;
import vn.lienthong.gateway.civil.CivilDossierProcessor;
import vn.lienthong.gateway.civil.CivilIntake;
import vn.lienthong.gateway.civil.CivilLimits;
import vn.lienthong.gateway.civil.ModuleCatalog;
import vn.lienthong.gateway.ledger.DispatchClaims;
import vn.lienthong.gateway.ledger.DossierQuery;
import vn.lienthong.gateway.ledger.Ledger;
import vn.lienthong.gateway.sandbox.PmhtSimulator;

/**
 * Assembles the gateway: broker (embedded unless BROKER_URL), database (embedded HSQLDB unless DB_URL),
 * sandbox simulators (sandbox only), the domain beans, and Camel Main loading the YAML routes from routes/.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final Clock clock;
    private EmbeddedBroker broker;
    private Database database;
    private PmhtSimulator pmhtSimulator;
    private CachingConnectionFactory connectionFactory;
    private Main main;
    private Ledger ledger;
    private UpstreamCircuits circuits;

    public Gateway(GatewayConfig config) {
        this(config, Clock.systemUTC());
    }

    public Gateway(GatewayConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Starts everything and returns once routes are running. */
    public Gateway start() throws Exception {
        long t0 = System.nanoTime();
        LOG.info("Starting gateway: {}", config);
        if (!config.isSandbox()) {
            LOG.warn("GATEWAY_ENV={} : dossiers go to the REAL upstream at {}", config.environmentName(), config.pmhtUrl());
        }
        ConnectionFactory jmsFactory = connectBroker();
        database = new Database(config.dbUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize());
        ledger = new Ledger(database.dataSource(), clock);
        if (config.isSandbox() && config.getBoolean("SANDBOX_SIMULATORS", true)) {
            pmhtSimulator = new PmhtSimulator("127.0.0.1", config.pmhtSimulatorPort(), config.pmhtUser(), config.pmhtPassword()).start();
            LOG.info("Sandbox PMHT simulator listening on 127.0.0.1:{}", pmhtSimulator.port());
        }
        circuits = new UpstreamCircuits(Float.parseFloat(config.get("CIRCUIT_FAILURE_RATE", "50")),
                config.getInt("CIRCUIT_WINDOW", 10), java.time.Duration.ofSeconds(config.getInt("CIRCUIT_OPEN_SECONDS", 30)));
        main = new Main();
        configureCamel(jmsFactory);
        main.start();
        LOG.info("Gateway ready in {} ms (environment {})", (System.nanoTime() - t0) / 1_000_000, config.environmentName());
        return this;
    }

    private ConnectionFactory connectBroker() {
        ActiveMQConnectionFactory artemis;
        if (config.brokerUrl() == null) {
            broker = new EmbeddedBroker(config.dataDir().resolve("broker"), config.embeddedBrokerAcceptor(),
                    !config.isSandbox() && config.getBoolean("EMBEDDED_BROKER_SECURITY", false),
                    config.getLong("RETRY_DELAY_MS", 1000), config.getInt("BROKER_MAX_DELIVERY_ATTEMPTS", 200));
            broker.start();
            artemis = new ActiveMQConnectionFactory(EmbeddedBroker.IN_VM_URL);
        } else {
            artemis = new ActiveMQConnectionFactory(config.brokerUrl(), config.brokerUser(), config.brokerPassword());
        }
        // Durable sends block until the broker has the message: the basis of "202 only once enqueued".
        artemis.setBlockOnDurableSend(true);
        connectionFactory = new CachingConnectionFactory(artemis);
        connectionFactory.setSessionCacheSize(config.getInt("JMS_SESSION_CACHE", 20));
        connectionFactory.setCacheConsumers(false);
        return connectionFactory;
    }

    private void configureCamel(ConnectionFactory jmsFactory) {
        var mc = main.configure();
        mc.withName("lienthong-gateway");
        mc.withRoutesIncludePattern("file:" + config.routesDir() + "/*.camel.yaml");
        mc.withJmxEnabled(true);
        mc.withUseMdcLogging(false);
        mc.httpServer().withEnabled(true).withHost(config.httpHost()).withPort(config.httpPort())
                .withMaxBodySize(config.maxBodyBytes());

        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(jmsFactory);
        jms.getConfiguration().setDeliveryPersistent(true);
        main.bind("jms", jms);

        // timeouts bound every upstream call, so a hung PMHT becomes a retry, not a stuck consumer
        int timeout = config.getInt("PMHT_TIMEOUT_MS", 10_000);
        HttpComponent http = new HttpComponent();
        http.setConnectTimeout(timeout);
        http.setConnectionRequestTimeout(timeout);
        http.setSoTimeout(timeout);
        http.setResponseTimeout(timeout);
        http.setMaxTotalConnections(50);
        http.setConnectionsPerRoute(20);
        main.bind("http", http);

        AdminUnitCatalog units = AdminUnitCatalog.loadDefault();
        CivilDossierProcessor processor = new CivilDossierProcessor(new CatalogAddressNormalizer(units), units,
                ModuleCatalog.load(), CivilLimits.defaults());
        main.bind("civilIntake", new CivilIntake(processor, ledger, clock));
        main.bind("civilDispatch", new CivilDispatch(ledger, new DispatchClaims(ledger)));
        main.bind("dossierQuery", new DossierQuery(ledger));
        main.bind("ledger", ledger);
        main.bind("circuits", circuits);

        Map<String, String> props = Map.ofEntries(
                Map.entry("gateway.environment", config.environmentName()),
                Map.entry("pmht.url", config.pmhtUrl()),
                Map.entry("pmht.user", config.pmhtUser()),
                Map.entry("pmht.password", config.pmhtPassword()),
                Map.entry("pmht.push.path.v3", config.get("PMHT_PUSH_PATH_V3", "/v3/hoso")),
                Map.entry("pmht.push.path.v1", config.get("PMHT_PUSH_PATH_V1", "/v1/hoso")),
                Map.entry("pmht.timeout.ms", String.valueOf(config.getInt("PMHT_TIMEOUT_MS", 10_000))),
                Map.entry("civil.intake.consumers", String.valueOf(config.getInt("CIVIL_INTAKE_CONSUMERS", 2))),
                Map.entry("civil.dispatch.consumers", String.valueOf(config.getInt("CIVIL_DISPATCH_CONSUMERS", 4))),
                Map.entry("retry.max", String.valueOf(config.getInt("RETRY_MAX", 10))));
        props.forEach(main::addInitialProperty);
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

    public PmhtSimulator pmhtSimulator() {
        return pmhtSimulator;
    }

    public UpstreamCircuits circuits() {
        return circuits;
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
        if (connectionFactory != null) {
            connectionFactory.destroy();
        }
        if (pmhtSimulator != null) {
            pmhtSimulator.close();
        }
        if (database != null) {
            database.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
