package vn.lienthong.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.lienthong.gateway.platform.Database;
import vn.lienthong.gateway.platform.GatewayConfig;
import vn.lienthong.gateway.support.MutableClock;

/**
 * The embedded database as the gateway creates it by default (file, CACHED tables, NO PAD, no free-space list;
 * the other tests use in-memory URLs): the outbox's rewritten rows (claims, marks) survive a restart, a duplicate
 * is still refused, and strings compare as on PostgreSQL.
 */
class DefaultDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultFileDatabaseKeepsRewrittenRowsAcrossARestartAndComparesWithoutPadding() throws Exception {
        GatewayConfig config = GatewayConfig.of(Map.of("DATA_DIR", dir.toString()));
        assertThat(config.dbUrl()).startsWith("jdbc:hsqldb:file:").contains("sql.pad_space=false")
                .contains("hsqldb.cache_free_count=0");
        MutableClock clock = new MutableClock();
        Duration lease = Duration.ofSeconds(25);
        vn.lienthong.gateway.security.PayloadCipher cipher;
        try (Database db = new Database(config.dbUrl(), config.dbUser(), config.dbPassword(), 4)) {
            Ledger ledger = new Ledger(db.dataSource(), clock);
            cipher = ledger.cipher();
            StatusOutbox outbox = new StatusOutbox(ledger);
            for (int d = 0; d < 200; d++) {
                String code = "HS-" + d;
                for (int st : new int[] {1, 3, 7}) {
                    assertThat(outbox.add(code, st, code + "|" + st, "{\"trangThai\":" + st + ",\"pad\":\"" + "x".repeat(d) + "\"}",
                            null, null)).isTrue();
                }
                assertThat(outbox.add(code, 1, code + "|1", "{}", null, null)).isFalse();
                // claim and send the first two: each a rewrite of the row
                for (int i = 0; i < 2; i++) {
                    Optional<StatusOutbox.Update> u = outbox.claimNext(code, "node/t", lease);
                    assertThat(u).isPresent();
                    outbox.markSent(u.get().maHoSo(), u.get().seq());
                }
            }
        }
        try (Database db = new Database(config.dbUrl(), config.dbUser(), config.dbPassword(), 4)) {
            StatusOutbox outbox = new StatusOutbox(new Ledger(db.dataSource(), clock, cipher));
            for (int d = 0; d < 200; d += 37) {
                assertThat(outbox.history("HS-" + d)).containsExactly("1:SENT", "3:SENT", "7:PENDING");
                assertThat(outbox.claimNext("HS-" + d, "node/t2", lease)).get()
                        .extracting(StatusOutbox.Update::body).asString().startsWith("{\"trangThai\":7");
            }
            try (Connection c = db.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM status_update WHERE ma_ho_so = ?")) {
                ps.setString(1, "HS-1 ");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("'HS-1 ' is not 'HS-1' (NO PAD, as PostgreSQL)").isZero();
                }
            }
        }
    }
}
