package vn.lienthong.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.platform.Database;
import vn.lienthong.gateway.support.MutableClock;

/**
 * V62 moves the DVCLT status bodies out of status_update into status_update_body: a database holding pending and
 * sent updates from before keeps every body, and a pending one is still sent as it was queued.
 */
class StatusBodyMigrationTest {

    @Test
    void bodiesQueuedBeforeV62AreMovedAndStillSent() throws Exception {
        String url = "jdbc:hsqldb:mem:v62" + UUID.randomUUID() + ";hsqldb.tx=mvcc";
        try (Connection keepAlive = DriverManager.getConnection(url, "SA", "")) {
            Flyway.configure().dataSource(url, "SA", "").locations("classpath:db/migration").outOfOrder(true)
                    .placeholderPrefix("${gateway:").placeholders(java.util.Map.of("binary", "BLOB"))
                    .target("61.1").load().migrate();
            try (Statement st = keepAlive.createStatement()) {
                st.executeUpdate("INSERT INTO status_update (ma_ho_so, seq, trang_thai, dedup_key, body, state, attempts,"
                        + " created_at, triggered_at, sent_at) VALUES ('HS-OLD', 1, 1, 'HS-OLD|1', '{\"trangThai\":1}', 'SENT',"
                        + " 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
                st.executeUpdate("INSERT INTO status_update (ma_ho_so, seq, trang_thai, dedup_key, body, state, attempts,"
                        + " created_at, triggered_at) VALUES ('HS-OLD', 2, 3, 'HS-OLD|3', '{\"trangThai\":3}', 'PENDING',"
                        + " 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            }
            try (Database db = new Database(url, "SA", "", 2)) {
                try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT seq, body FROM status_update_body WHERE ma_ho_so = 'HS-OLD' ORDER BY seq")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(2)).isEqualTo("{\"trangThai\":1}");
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(2);
                    assertThat(rs.getString(2)).isEqualTo("{\"trangThai\":3}");
                    assertThat(rs.next()).isFalse();
                }
                StatusOutbox outbox = new StatusOutbox(new Ledger(db.dataSource(), new MutableClock()));
                // the pending one is next, body intact (rows from before encryption existed are read as they are)
                assertThat(outbox.claimNext("HS-OLD", "node-a", java.time.Duration.ofSeconds(25))).get()
                        .satisfies(u -> {
                            assertThat(u.trangThai()).isEqualTo(3);
                            assertThat(u.body()).isEqualTo("{\"trangThai\":3}");
                        });
                // and a new update gets the next sequence number with its own body row
                assertThat(outbox.add("HS-OLD", 7, "HS-OLD|7", "{\"trangThai\":7}", null, null)).isTrue();
                assertThat(outbox.history("HS-OLD")).containsExactly("1:SENT", "3:PENDING", "7:PENDING");
            }
        }
    }
}
