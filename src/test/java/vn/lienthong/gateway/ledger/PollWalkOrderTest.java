package vn.lienthong.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.platform.Database;

/**
 * The PMHT poll's walk on a database whose text order is not Java's (PostgreSQL with a locale collation such as
 * en_US or vi_VN; here HSQLDB with the English collation, where "a1" < "B1" but Java has "B1" < "a1"): a round of
 * runs asks about every waiting dossier exactly once, whichever states they wait in.
 */
class PollWalkOrderTest {

    static final List<String> STATES = List.of("SENT", "PROCESSING");

    @Test
    void aRoundReachesEveryDossierOnceWhenTheDatabaseOrdersTextItsOwnWay() throws Exception {
        String url = "jdbc:hsqldb:mem:walk" + UUID.randomUUID() + ";hsqldb.tx=mvcc";
        try (Connection c = DriverManager.getConnection(url, "SA", ""); Statement s = c.createStatement()) {
            s.execute("SET DATABASE COLLATION \"English\"");
        }
        try (Database db = new Database(url, "SA", "", 2)) {
            walk(new Ledger(db.dataSource(), Clock.systemUTC()));
        }
    }

    private static void walk(Ledger ledger) {
        // the two states' codes interleave in the database's order, not in Java's
        for (String code : List.of("a1", "c1", "e1")) {
            ledger.record(new DossierFacts(code, "civil", "LTKS", "LTKS", "37", "U", "v1"), DossierState.SENT, "t", "x");
        }
        for (String code : List.of("B1", "D1")) {
            ledger.record(new DossierFacts(code, "civil", "LTKS", "LTKS", "37", "U", "v1"), DossierState.PROCESSING, "t", "x");
        }
        PollLedger polls = new PollLedger(ledger);
        assertThat(polls.pollable("civil", STATES, "", 5)).extracting(PollLedger.Pollable::maHoSo)
                .as("the database's order").containsExactly("a1", "B1", "c1", "D1", "e1");

        // runs of 2, as PmhtStatusPoller walks: from the cursor, on to the last dossier asked, over from the start
        List<String> asked = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            String from = polls.cursor("test");
            List<PollLedger.Pollable> due = polls.pollable("civil", STATES, from, 2);
            due.forEach(p -> asked.add(p.maHoSo()));
            polls.moveCursor("test", due.size() < 2 ? "" : due.get(due.size() - 1).maHoSo());
        }
        // the third run reaches the last one and starts the next round over from the first
        assertThat(asked).containsExactly("a1", "B1", "c1", "D1", "e1", "a1");
        assertThat(polls.pollable("civil", STATES, polls.cursor("test"), 2)).extracting(PollLedger.Pollable::maHoSo)
                .containsExactly("B1", "c1");
    }
}
