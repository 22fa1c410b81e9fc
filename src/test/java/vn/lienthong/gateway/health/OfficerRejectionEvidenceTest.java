package vn.lienthong.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.support.Dossiers.json;
import static vn.lienthong.gateway.support.Dossiers.parse;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;

/**
 * The one-stop-shop officer's rejection (CIVIL_AUTO_ACCEPT=false) reaches the health flow as a REJECTED
 * registration event: the certificate is never reserved or used, and the hospital may still correct it.
 */
class OfficerRejectionEvidenceTest {

    static GatewayHarness gw;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.start(Map.of("CIVIL_AUTO_ACCEPT", "false"));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void anOfficersRejectionIsPublishedAndLeavesTheCertificateFree() throws Exception {
        String maGCS = HealthFixtures.number("GCS");
        Map<String, Object> record = HealthFixtures.birth(maGCS, HealthFixtures.idNumber());
        assertThat(gw.post("/api/health/birth-certificates", json(record)).statusCode()).isEqualTo(200);
        String maHoSo = "G22.99.08-261128-" + (1000 + (int) (Math.random() * 8000));
        Map<String, Object> dossier = Dossiers.birth(maHoSo);
        Dossiers.data(dossier).put("maGCS", maGCS);
        gw.post("/api/civil/dossiers", json(dossier));
        gw.awaitState(maHoSo, "AWAITING_ACCEPTANCE");
        gw.send("civil.dossier.decision", "{\"maHoSo\":\"" + maHoSo + "\",\"decision\":\"reject\","
                + "\"reason\":\"Giấy chứng sinh không hợp lệ\"}");
        gw.awaitState(maHoSo, "REJECTED");

        EvidenceStore store = gw.gateway().bean("evidenceStore", EvidenceStore.class);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> store.registration(maHoSo)
                .map(EvidenceStore.Registration::lastEvent).orElse("").equals("REJECTED"));
        assertThat(store.registration(maHoSo).orElseThrow().module()).isIn("KS", "LTKS"); // the module it would be pushed as
        var cert = parse(gw.get("/api/health/birth-certificates/" + maGCS).body());
        assertThat(cert.path("used").asBoolean()).isFalse();
        assertThat(cert.path("reserved").asBoolean()).isFalse();
        assertThat(gw.post("/api/health/birth-certificates", json(record)).statusCode()).isEqualTo(200);
    }
}
