package vn.lienthong.gateway.platform;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/** Connection pool plus versioned schema migrations (Flyway); the same SQL runs on HSQLDB and PostgreSQL. */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;

    public Database(String url, String user, String password, int poolSize) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(poolSize);
        hc.setPoolName("gateway-db");
        hc.setInitializationFailTimeout(30_000);
        this.dataSource = new HikariDataSource(hc);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
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
