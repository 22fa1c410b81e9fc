package vn.lienthong.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.platform.Database;
import vn.lienthong.gateway.support.MutableClock;

/** The console's dossier list on a real HSQLDB with the migrations: filters, paging, sorting, chart counts, indexes. */
class DossierSearchTest {

    static Database db;
    static Ledger ledger;
    static DossierSearch search;
    static final Instant T0 = Instant.parse("2026-07-15T01:00:00Z");

    @BeforeAll
    static void fill() {
        db = new Database("jdbc:hsqldb:mem:search" + UUID.randomUUID() + ";hsqldb.tx=mvcc", "SA", "", 2);
        MutableClock clock = MutableClock.frozenAt(T0.toString());
        ledger = new Ledger(db.dataSource(), clock);
        search = new DossierSearch(ledger);
        for (int i = 0; i < 60; i++) {
            String code = "G22.99.08-260715-" + String.format("%04d", i);
            String flow = i % 3 == 0 ? "molisa" : "civil";
            ledger.record(new DossierFacts(code, flow, "KS", i % 2 == 0 ? "KSDT" : "KT", "22", "U" + (i % 4), null),
                    i % 5 == 0 ? DossierState.REJECTED : DossierState.SENT, "intake", "test");
            clock.advance(Duration.ofMinutes(30));
        }
        ledger.record(new DossierFacts("A_B%C-1", "civil", null, null, null, null, null), DossierState.RECEIVED, "intake", "x");
        ledger.record(new DossierFacts("AXBYC-1", "civil", null, null, null, null, null), DossierState.RECEIVED, "intake", "x");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    static DossierSearch.Filter all() {
        return new DossierSearch.Filter(null, null, null, null, null, null, null, null);
    }

    @Test
    void filtersCombineAndCountOnTheServer() {
        assertThat(search.list(all(), DossierSearch.Sort.UPDATED, true, 0, 25).total()).isEqualTo(62);
        DossierSearch.Page civilRejected = search.list(new DossierSearch.Filter("civil", "REJECTED", null, null, null, null,
                null, null), DossierSearch.Sort.CODE, false, 0, 100);
        // i % 5 == 0 and i % 3 != 0 among 0..59: 12 multiples of 5, 4 of them multiples of 15
        assertThat(civilRejected.total()).isEqualTo(8);
        assertThat(civilRejected.rows()).allSatisfy(r -> {
            assertThat(r.flow()).isEqualTo("civil");
            assertThat(r.state()).isEqualTo("REJECTED");
        });
        assertThat(search.list(new DossierSearch.Filter(null, null, null, null, "KT", "U1", null, null),
                DossierSearch.Sort.CODE, false, 0, 100).total()).isEqualTo(15);
        // received between 01:00 and 06:00 UTC: the first ten (every 30 minutes)
        assertThat(search.list(new DossierSearch.Filter(null, null, T0, T0.plus(Duration.ofHours(5)), null, null, null, null),
                DossierSearch.Sort.CREATED, false, 0, 100).total()).isEqualTo(10);
        assertThat(search.list(new DossierSearch.Filter(null, null, null, null, null, null, null,
                List.of("G22.99.08-260715-0007", "G22.99.08-260715-0008", "nope")), DossierSearch.Sort.CODE, false, 0, 10)
                .rows()).extracting(DossierSearch.Row::maHoSo).containsExactly("G22.99.08-260715-0007", "G22.99.08-260715-0008");
        assertThat(search.list(new DossierSearch.Filter(null, null, null, null, null, null, null, List.of()),
                DossierSearch.Sort.CODE, false, 0, 10).total()).isZero();
    }

    @Test
    void aPartialCodeMatchesAnywhereAndItsWildcardsAreLiteral() {
        assertThat(search.list(new DossierSearch.Filter(null, null, null, null, null, null, "0715-004", null),
                DossierSearch.Sort.CODE, false, 0, 100).total()).isEqualTo(10);
        // '_' and '%' typed by the operator are characters, not LIKE wildcards
        assertThat(search.list(new DossierSearch.Filter(null, null, null, null, null, null, "A_B%C", null),
                DossierSearch.Sort.CODE, false, 0, 100).rows()).extracting(DossierSearch.Row::maHoSo).containsExactly("A_B%C-1");
    }

    @Test
    void pagesNeitherOverlapNorSkipWhateverTheSort() {
        for (DossierSearch.Sort sort : DossierSearch.Sort.values()) {
            Set<String> seen = new HashSet<>();
            List<String> order = new ArrayList<>();
            for (int page = 0; page < 7; page++) {
                search.list(all(), sort, true, page, 10).rows().forEach(r -> {
                    assertThat(seen.add(r.maHoSo())).as(sort + " repeats " + r.maHoSo()).isTrue();
                    order.add(r.maHoSo());
                });
            }
            assertThat(seen).hasSize(62);
            if (sort == DossierSearch.Sort.CODE) {
                assertThat(order).isSortedAccordingTo(java.util.Comparator.reverseOrder());
            }
        }
    }

    @Test
    void perHourCountsDossiersByStateNow() {
        List<DossierSearch.HourCount> hours = search.perHour(T0);
        // two dossiers an hour; the hour of 01:00 UTC holds 0 (REJECTED) and 1 (SENT)
        assertThat(hours).filteredOn(h -> h.hour().equals(T0))
                .extracting(DossierSearch.HourCount::state, DossierSearch.HourCount::count)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("REJECTED", 1L), org.assertj.core.groups.Tuple.tuple("SENT", 1L));
        assertThat(hours.stream().filter(h -> !h.state().equals("RECEIVED")).mapToLong(DossierSearch.HourCount::count).sum())
                .isEqualTo(60);
    }

    /** Each filter of the list is served by an index of V75 (EXPLAIN PLAN on HSQLDB), not by a full scan. */
    @Test
    void theListsFiltersUseIndexes() throws Exception {
        assertThat(plan("SELECT * FROM dossier WHERE state = 'SENT' ORDER BY created_at DESC")).contains("IX_DOSSIER_STATE_CREATED");
        assertThat(plan("SELECT * FROM dossier WHERE ma_don_vi = 'U1' ORDER BY created_at")).contains("IX_DOSSIER_UNIT_CREATED");
        assertThat(plan("SELECT * FROM dossier WHERE created_at >= TIMESTAMP '2026-07-15 00:00:00'")).contains("IX_DOSSIER_CREATED");
        assertThat(plan("SELECT * FROM dossier WHERE module_pushed = 'KT'")).contains("IX_DOSSIER_MODULE_CREATED");
    }

    private static String plan(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("EXPLAIN PLAN FOR " + sql)) {
            StringBuilder out = new StringBuilder();
            while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
            }
            return out.toString().toUpperCase();
        }
    }
}
