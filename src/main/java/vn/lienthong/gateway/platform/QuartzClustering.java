package vn.lienthong.gateway.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz for several gateway nodes: the camel-quartz component's scheduler keeps its triggers in the gateway's
 * database (JDBC job store, tables from migration V60__quartz.sql) with {@code org.quartz.jobStore.isClustered=true},
 * so each schedule fires on exactly one node per tick and a dead node's schedules are taken over by the others.
 * On when {@code QUARTZ_CLUSTERED=true}, or by default when DB_URL points to an external database (several nodes
 * can only share an external one); the embedded single-node default keeps Quartz in memory.
 */
final class QuartzClustering {

    static final String SCHEDULER_NAME = "lienthong-gateway";

    private QuartzClustering() {
    }

    static boolean enabled(GatewayConfig config) {
        String url = config.get(PlatformVariables.DB_URL);
        boolean external = url != null && !url.startsWith("jdbc:hsqldb:mem:") && !url.startsWith("jdbc:hsqldb:file:");
        return config.getBoolean("QUARTZ_CLUSTERED", external);
    }

    /** The properties of the clustered scheduler; dataSourceName is registered with Quartz by {@link #component}. */
    static Properties properties(GatewayConfig config, String dataSourceName) {
        Properties p = new Properties();
        // the same scheduler name on every node: that is what makes them one cluster in the QRTZ_ tables
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(config.getInt(PlatformVariables.QUARTZ_THREADS)));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", config.dbUrl().startsWith("jdbc:postgresql:")
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.HSQLDBDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        // a node that has not checked in for ~2 intervals is considered dead and its fired triggers recovered
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(config.getLong(PlatformVariables.QUARTZ_CHECKIN_MS)));
        // a node whose check-in failed (its connection broke in a PostgreSQL restart) tries again after this, not after
        // Quartz's default 15 s: the other nodes declare a node dead when it has not checked in for ~2 intervals,
        // free its acquired triggers and fire them too, while it is still alive and fires them as well (measured:
        // ticks fired on both nodes after a database restart with the default)
        p.setProperty("org.quartz.jobStore.dbRetryInterval", String.valueOf(config.getLong(PlatformVariables.QUARTZ_DB_RETRY_MS)));
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        // row lock taken before acquiring triggers: no two nodes fire the same trigger
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        return p;
    }

    /**
     * One INFO line per schedule firing on this node, with the tick it fires for: across the nodes' logs each tick
     * of each schedule appears once (which node ran it, and that none ran twice; ProductionTopologyTest reads it).
     */
    static final class FireLog extends org.quartz.listeners.TriggerListenerSupport {

        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(QuartzClustering.class);

        @Override
        public String getName() {
            return "gateway-fire-log";
        }

        @Override
        public void triggerFired(org.quartz.Trigger trigger, org.quartz.JobExecutionContext context) {
            java.util.Date tick = context.getScheduledFireTime();
            LOG.info("Schedule {} fired on this node for tick {}", trigger.getKey(),
                    tick == null ? "-" : tick.toInstant());
        }
    }

    /**
     * A pooled connection checked with a round trip first. After a database restart the pool still holds
     * connections the server has closed, and the first statement on one fails. When that statement is the cluster
     * check-in's, Quartz counts the attempt as a check-in and waits a whole interval before the next one (not
     * dbRetryInterval): two restarts in a row then leave the node silent for two intervals, the other nodes take it
     * for dead, free its acquired triggers and fire them while it fires them too (one tick fired on both nodes in
     * ProductionTopologyTest's database restarts). A broken connection is evicted and another taken instead.
     */
    static Connection validated(DataSource dataSource) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            Connection c = dataSource.getConnection();
            if (attempt == 3 || answers(c)) {
                return c;
            }
            if (dataSource instanceof com.zaxxer.hikari.HikariDataSource pool) {
                pool.evictConnection(c);
            } else {
                c.close();
            }
        }
    }

    /** One trivial statement (PostgreSQL and HSQLDB both read VALUES (1)); isValid alone trusts an in-process session. */
    private static boolean answers(Connection c) {
        try (java.sql.Statement st = c.createStatement()) {
            st.setQueryTimeout(2);
            st.execute("VALUES (1)");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Camel's default (in-memory) camel-quartz component, with the firing log and QUARTZ_THREADS workers: Quartz's
     * own defaults (org/quartz/quartz.properties, 10 workers) with the thread count replaced.
     */
    static QuartzComponent inMemory(GatewayConfig config) {
        Properties defaults = new Properties();
        try (InputStream in = StdSchedulerFactory.class.getClassLoader().getResourceAsStream("org/quartz/quartz.properties")) {
            if (in == null) {
                throw new IllegalStateException("Quartz's default properties (org/quartz/quartz.properties) are not on the classpath");
            }
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> properties = new HashMap<>();
        defaults.stringPropertyNames().forEach(k -> properties.put(k, defaults.getProperty(k)));
        properties.put("org.quartz.threadPool.threadCount", String.valueOf(config.getInt(PlatformVariables.QUARTZ_THREADS)));
        QuartzComponent quartz = new QuartzComponent();
        quartz.setProperties(properties);
        quartz.addScheduleInitTask(scheduler -> scheduler.getListenerManager().addTriggerListener(new FireLog()));
        return quartz;
    }

    /** A camel-quartz component on the clustered JDBC job store, using the gateway's connection pool. */
    static QuartzComponent component(GatewayConfig config, DataSource dataSource) {
        // Quartz looks data sources up by name in a JVM-wide registry; a name per gateway keeps in-process tests apart
        String name = "gateway-" + Integer.toHexString(System.identityHashCode(dataSource));
        DBConnectionManager.getInstance().addConnectionProvider(name, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return validated(dataSource);
            }

            @Override
            public void shutdown() {
                // the pool belongs to the gateway (Database), which closes it
            }

            @Override
            public void initialize() {
                // nothing: the pool is already up
            }
        });
        QuartzComponent quartz = new QuartzComponent();
        quartz.setProperties(new java.util.HashMap<>(properties(config, name)));
        quartz.addScheduleInitTask(scheduler -> scheduler.getListenerManager().addTriggerListener(new FireLog()));
        // keep the same scheduler name on every node (no per-context prefix)
        quartz.setPrefixInstanceName(false);
        return quartz;
    }
}
