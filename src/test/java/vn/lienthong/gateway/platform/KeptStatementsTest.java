package vn.lienthong.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;

class KeptStatementsTest {

    @Test
    void statementsStayCompiledAcrossBorrowingsAndTransactionsAreUnchanged() throws Exception {
        try (Database db = new Database("jdbc:hsqldb:mem:kept" + System.nanoTime(), "SA", "", 1)) {
            assertThat(db.dataSource()).isInstanceOf(KeptStatements.class);
            KeptStatements ds = (KeptStatements) db.dataSource();
            for (int i = 0; i < 3; i++) {
                try (Connection c = ds.getConnection()) {
                    c.setAutoCommit(false);
                    try (var ps = c.prepareStatement("INSERT INTO ops_audit (occurred_at, operator, action, queue_name,"
                            + " message_id) VALUES (CURRENT_TIMESTAMP, ?, 'x', 'q', 'm')")) {
                        ps.setString(1, "op" + i);
                        ps.executeUpdate();
                    }
                    if (i == 1) {
                        c.rollback();
                    } else {
                        c.commit();
                    }
                    c.setAutoCommit(true);
                    assertThat(ds.keptOn(c)).isEqualTo(1);
                }
            }
            try (Connection c = ds.getConnection(); var ps = c.prepareStatement("SELECT operator FROM ops_audit ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("op0");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("op2");
                assertThat(rs.next()).isFalse();
                assertThat(ds.keptOn(c)).isEqualTo(2);
            }
        }
    }
}
