package vn.lienthong.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The clustered scheduler's connections after a database restart: the pool still holds connections the server
 * closed, and Quartz's cluster check-in must not be handed one (QuartzClustering.validated).
 */
class QuartzConnectionTest {

    @Test
    void aConnectionTheRestartClosedIsReplacedBeforeQuartzGetsIt() throws Exception {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl("jdbc:hsqldb:mem:quartz-restart-" + System.nanoTime());
        hc.setUsername("SA");
        hc.setPassword("");
        hc.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(hc)) {
            restartDatabase(pool);
            // the pool hands out the closed connection without a check (it was used a moment ago)...
            try (Connection stale = pool.getConnection(); Statement st = stale.createStatement()) {
                assertThatThrownBy(() -> st.execute("VALUES 1")).isInstanceOf(SQLException.class);
            }
            restartDatabase(pool);
            // ...the scheduler's provider replaces it
            try (Connection c = QuartzClustering.validated(pool); Statement st = c.createStatement()) {
                assertThat(st.execute("VALUES 1")).isTrue();
            }
        }
    }

    /** SHUTDOWN closes every session server-side, as a PostgreSQL restart does (57P01). */
    private static void restartDatabase(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        }
    }
}
