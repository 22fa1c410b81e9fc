package vn.lienthong.gateway.civil;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.support.Dossiers.json;
import static vn.lienthong.gateway.support.Dossiers.parse;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;

/** CIVIL_AUTO_ACCEPT=false: valid dossiers wait for the one-stop-shop officer (DVCLT_02 of seed 000). */
class OfficerAcceptanceTest {

    static GatewayHarness gw;
    static LifecycleSupport lc;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.start(Map.of("CIVIL_AUTO_ACCEPT", "false"));
        lc = new LifecycleSupport(gw);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void dvclt01To03WithTheOfficerAcceptingGives1Then3And7() throws Exception {
        String maHoSo = lc.scenario("DVCLT_01-03").path("maHoSo").asText();
        lc.pull();
        gw.awaitState(maHoSo, "AWAITING_ACCEPTANCE");
        lc.awaitStatuses(maHoSo, 1);
        assertThat(lc.pmht.acceptedCount(maHoSo)).isZero();

        HttpResponse<String> r = gw.post("/api/civil/dossiers/" + maHoSo + "/decision",
                "{\"decision\":\"accept\",\"nguoiXuLy\":\"Cán bộ một cửa\",\"chucDanh\":\"Chuyên viên\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        lc.awaitStatuses(maHoSo, 1, 3, 7);
        gw.awaitState(maHoSo, "SENT");
        assertThat(lc.pmht.acceptedCount(maHoSo)).isEqualTo(1);
        String three = lc.dvclt.statusUpdates().stream().filter(u -> u.maHoSo().equals(maHoSo) && u.trangThai() == 3)
                .findFirst().orElseThrow().body();
        assertThat(parse(three).path("nguoiXuLy").asText()).isEqualTo("Cán bộ một cửa");
        lc.assertSettled(maHoSo, 1, 3, 7);

        // a decision on a dossier that no longer waits is refused, naming the state
        HttpResponse<String> again = gw.post("/api/civil/dossiers/" + maHoSo + "/decision", "{\"decision\":\"accept\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("SENT");
    }

    @Test
    void officerRejectionGives1Then6WithTheReason() throws Exception {
        String maHoSo = "G22.99.08-261127-" + (5000 + System.nanoTime() % 1000);
        gw.post("/api/civil/dossiers", json(Dossiers.birth(maHoSo)));
        gw.awaitState(maHoSo, "AWAITING_ACCEPTANCE");
        // through the decision queue, as the one-stop-shop system would send it
        gw.send("civil.dossier.decision", "{\"maHoSo\":\"" + maHoSo + "\",\"decision\":\"reject\","
                + "\"reason\":\"Giấy chứng sinh không hợp lệ\"}");
        lc.awaitStatuses(maHoSo, 1, 6);
        gw.awaitState(maHoSo, "REJECTED");
        assertThat(parse(lc.dvclt.statusUpdates().stream().filter(u -> u.maHoSo().equals(maHoSo) && u.trangThai() == 6)
                .findFirst().orElseThrow().body()).path("ghiChu").asText()).isEqualTo("Giấy chứng sinh không hợp lệ");
        assertThat(lc.pmht.acceptedCount(maHoSo)).isZero();
        lc.assertSettled(maHoSo, 1, 6);
    }

    @Test
    void badDecisionsAreRefusedWithTheirReason() throws Exception {
        String maHoSo = "G22.99.08-261127-" + (6000 + System.nanoTime() % 1000);
        gw.post("/api/civil/dossiers", json(Dossiers.birth(maHoSo)));
        gw.awaitState(maHoSo, "AWAITING_ACCEPTANCE");
        HttpResponse<String> noReason = gw.post("/api/civil/dossiers/" + maHoSo + "/decision", "{\"decision\":\"reject\"}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("reason");
        HttpResponse<String> bad = gw.post("/api/civil/dossiers/" + maHoSo + "/decision", "{\"decision\":\"maybe\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("decision");
        assertThat(gw.post("/api/civil/dossiers/NO-SUCH-DOSSIER/decision", "{\"decision\":\"accept\"}").statusCode())
                .isEqualTo(404);
        // on the queue, a bad decision lands in the invalid queue with its reason, the dossier keeps waiting
        gw.send("civil.dossier.decision", "{\"maHoSo\":\"" + maHoSo + "\",\"decision\":\"maybe\"}");
        gw.awaitQueued("civil.dossier.invalid", Duration.ofSeconds(20),
                m -> m.textContains(maHoSo, "decision"));
        assertThat(gw.gateway().ledger().stateOf(maHoSo).orElseThrow().name()).isEqualTo("AWAITING_ACCEPTANCE");
    }
}
