package vn.lienthong.gateway.platform;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/** Connection pool plus versioned schema migrations (Flyway); the same SQL runs on HSQLDB and PostgreSQL. */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final DataSource forStores;

    public Database(String url, String user, String password, int poolSize) {
        this(url, user, password, poolSize, 5_000, null);
    }

    /**
     * @param connectionTimeoutMs how long a consumer waits for a connection before its message rolls back and is
     *                            redelivered later: short, so that a database restart never pins every consumer thread
     * @param schema              a database schema for the gateway's tables (created when missing), or null for the default
     */
    public Database(String url, String user, String password, int poolSize, long connectionTimeoutMs, String schema) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(poolSize);
        hc.setPoolName("gateway-db");
        hc.setInitializationFailTimeout(30_000);
        // recovery after a database restart: broken connections (SQLSTATE 08xxx, 57P01) are evicted by Hikari at
        // once; idle ones are validated on borrow (isValid, bounded) and kept alive so firewalls do not cut them
        hc.setConnectionTimeout(connectionTimeoutMs);
        hc.setValidationTimeout(Math.min(2_000, connectionTimeoutMs));
        hc.setKeepaliveTime(60_000);
        hc.setMaxLifetime(30 * 60_000);
        if (schema != null) {
            // the schema must exist before the pool pins connections to it
            try (var c = java.sql.DriverManager.getConnection(url, user, password); var st = c.createStatement()) {
                st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot create schema " + schema + ": " + e.getMessage(), e);
            }
            hc.setSchema(schema);
        }
        this.dataSource = new HikariDataSource(hc);
        var flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                // flows own version ranges (V1 ledger, V10 lifecycle, V20 molisa, V30 dvcqg, V40 health, V50 ops,
                // V60 production): a lower version added later is applied, not refused
                .outOfOrder(true)
                // a prefix of our own: other text that happens to contain ${...} is left alone
                .placeholderPrefix("${gateway:")
                .placeholders(placeholders(url));
        if (schema != null) {
            flyway.schemas(schema).defaultSchema(schema);
        }
        flyway.load().migrate();
        // the embedded HSQLDB recompiles SQL for every prepareStatement unless a statement stays open (KeptStatements)
        this.forStores = url.startsWith("jdbc:hsqldb:") ? new KeptStatements(dataSource) : dataSource;
    }

    /**
     * Vendor differences the portable migrations cannot avoid: the Quartz tables' binary columns, and dropping a
     * primary key declared without a name (PostgreSQL named it {@code <table>_pkey}; HSQLDB has its own syntax).
     */
    static java.util.Map<String, String> placeholders(String url) {
        boolean postgres = url.startsWith("jdbc:postgresql:");
        return java.util.Map.of("binary", postgres ? "BYTEA" : "BLOB",
                "dropPrimaryKey.dossier_event", postgres ? "DROP CONSTRAINT dossier_event_pkey" : "DROP PRIMARY KEY");
    }

    public DataSource dataSource() {
        return forStores;
    }

    @Override
    public void close() {
        if (dataSource.getJdbcUrl().startsWith("jdbc:hsqldb:file:")) {
            // A file HSQLDB must be shut down to flush its log; the pool close alone leaves it dirty.
            try (var c = dataSource.getConnection(); var s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (Exception ignored) {
                // already closed
            }
        }
        dataSource.close();
    }
}
