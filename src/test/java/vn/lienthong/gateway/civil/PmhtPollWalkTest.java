package vn.lienthong.gateway.civil;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.support.Dossiers.json;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.sandbox.PmhtSimulator;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;

/**
 * The PMHT poll with more dossiers waiting than one run may ask about: each run asks about the next ones in maHoSo
 * order after where the last fully answered run stopped, so every dossier is asked once per round; an answer the
 * same as last time writes nothing; a run with a failed query is asked again.
 */
class PmhtPollWalkTest {

    static final int PER_RUN = 2;
    static GatewayHarness gw;
    static LifecycleSupport lc;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.start(Map.of("PMHT_POLL_MAX_PER_RUN", String.valueOf(PER_RUN)));
        lc = new LifecycleSupport(gw);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** A dossier pushed to PMHT that PMHT keeps answering "waiting" (1) about. */
    private String waiting(int n) throws Exception {
        String maHoSo = "H08.37.80-261207-" + String.format("%04d", n);
        lc.pmht.script(maHoSo, List.of(List.of(PmhtSimulator.Stage.waiting())));
        gw.post("/api/civil/dossiers", json(Dossiers.birth(maHoSo)));
        gw.awaitState(maHoSo, "SENT");
        return maHoSo;
    }

    /** The dossiers one poll run asked PMHT about. */
    private List<String> pollRun() {
        int before = lc.pmht.statusQueries().size();
        lc.poll();
        List<String> asked = new ArrayList<>();
        lc.pmht.statusQueries().subList(before, lc.pmht.statusQueries().size()).forEach(q -> asked.addAll(q.codes()));
        return asked.stream().sorted().toList();
    }

    private long[] pollRow(String maHoSo) throws Exception {
        try (Connection c = DriverManager.getConnection(gw.gateway().config().dbUrl(), "SA", "");
             PreparedStatement ps = c.prepareStatement("SELECT polls, last_polled_at FROM pmht_poll WHERE ma_ho_so = ?")) {
            ps.setString(1, maHoSo);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("poll row of " + maHoSo).isTrue();
                return new long[] {rs.getLong(1), rs.getTimestamp(2).getTime()};
            }
        }
    }

    @Test
    void eachRunAsksTheNextDossiersAndARoundReachesEveryOneOnce() throws Exception {
        List<String> five = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            five.add(waiting(i));
        }
        // runs go on from where the one before stopped, in maHoSo order, and start over after the last
        assertThat(pollRun()).containsExactly(five.get(0), five.get(1));
        assertThat(pollRun()).containsExactly(five.get(2), five.get(3));
        assertThat(pollRun()).containsExactly(five.get(0), five.get(4));
        long[] row = pollRow(five.get(1));
        assertThat(pollRun()).containsExactly(five.get(1), five.get(2));
        // asked again, PMHT answered what it answered before: the dossier's poll row is left as it was
        assertThat(pollRow(five.get(1))).containsExactly(row);
        assertThat(gw.gateway().ledger().find(five.get(1)).orElseThrow().trail())
                .filteredOn(e -> "WAITING".equals(e.outcome())).hasSize(1);

        // a dossier pushed later (its maHoSo sorts after the others) is reached within the round
        String sixth = waiting(6);
        TreeSet<String> round = new TreeSet<>();
        for (int run = 0; run < 3; run++) {
            round.addAll(pollRun());
        }
        assertThat(round).contains(sixth).containsAll(five);

        // a run whose query fails (PMHT down) does not move the walk on: the next run asks about the same dossiers
        lc.pmht.failNext(20, PmhtSimulator.Fault.HTTP_503);
        assertThat(pollRun()).isEmpty();
        lc.pmht.clearFaults();
        assertThat(pollRun()).containsExactly(five.get(3), five.get(4));
    }
}
