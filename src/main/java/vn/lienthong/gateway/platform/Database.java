package vn.lienthong.gateway.platform;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/** Connection pool plus versioned schema migrations (Flyway); the same SQL runs on HSQLDB and PostgreSQL. */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;

    public Database(String url, String user, String password, int poolSize) {
        this(url, user, password, poolSize, null);
    }

    /** @param schema a database schema for the gateway's tables (created by the migrations), or null for the default */
    public Database(String url, String user, String password, int poolSize, String schema) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(poolSize);
        hc.setPoolName("gateway-db");
        hc.setInitializationFailTimeout(30_000);
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
                .outOfOrder(true);
        if (schema != null) {
            flyway.schemas(schema).defaultSchema(schema);
        }
        flyway.load().migrate();
    }

    public DataSource dataSource() {
        return dataSource;
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
