package vn.lienthong.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.support.Dossiers.json;
import static vn.lienthong.gateway.support.Dossiers.parse;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.ledger.DossierView;
import vn.lienthong.gateway.sandbox.PmhtSimulator;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;

/**
 * Seed 004 "đã được sử dụng": a birth certificate / death notice is used by a registration (PMHT trangThai 4), not
 * by a push. Through the real gateway: the civil flow hands its registration events to the health flow at once
 * (queued on civil.registration.events when that fails), the health flow reserves at push, marks used at 4,
 * releases at 6 / rejection / withdrawal, each with a trail entry; a malformed event ends in health.invalid with its
 * reason.
 */
class EvidenceRegistrationTest {

    static GatewayHarness gw;
    static PmhtSimulator pmht;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.start();
        pmht = gw.gateway().bean("pmhtSimulator", PmhtSimulator.class);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static void pollUntil(String maHoSo, String state) {
        HealthFixtures.pollPmhtUntil(gw, maHoSo, state);
    }

    static List<String> trail(String maHoSo) {
        return gw.gateway().ledger().find(maHoSo).orElseThrow().trail().stream().map(DossierView.Event::outcome).toList();
    }

    static JsonNode certificate(String maGCS) throws Exception {
        return parse(gw.get("/api/health/birth-certificates/" + maGCS).body());
    }

    @Test
    void theCertificateIsReservedAtPushAndUsedOnlyOncePmhtRegistersTheBirth() throws Exception {
        String maGCS = HealthFixtures.number("GCS");
        String mother = HealthFixtures.idNumber();
        Map<String, Object> record = HealthFixtures.birth(maGCS, mother);
        assertThat(gw.post("/api/health/birth-certificates", json(record)).statusCode()).isEqualTo(200);
        String maHoSo = "G22.99.08-260801-" + (1000 + (int) (Math.random() * 8000));
        Map<String, Object> dossier = Dossiers.birth(maHoSo);
        Dossiers.data(dossier).put("maGCS", maGCS);
        gw.send("civil.dossier.inbound", json(dossier));
        gw.awaitState(maHoSo, "SENT");

        // pushed, not registered: reserved for the dossier, not used
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode cert = certificate(maGCS);
            assertThat(cert.path("reserved").asBoolean()).isTrue();
            assertThat(cert.path("reservedBy").asText()).isEqualTo(maHoSo);
        });
        assertThat(certificate(maGCS).path("used").asBoolean()).isFalse();
        assertThat(trail(maHoSo)).contains("EVIDENCE_RESERVED").doesNotContain("EVIDENCE_USED");
        // not used yet: the seed's duplicate rule updates it
        record.put("nksHoTenDuKien", "Trần Văn Sửa");
        HttpResponse<String> correction = gw.post("/api/health/birth-certificates", json(record));
        assertThat(correction.statusCode()).as(correction.body()).isEqualTo(200);
        assertThat(parse(correction.body()).path("action").asText()).isEqualTo("updated");

        pollUntil(maHoSo, "REGISTERED");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode cert = certificate(maGCS);
            assertThat(cert.path("used").asBoolean()).isTrue();
            assertThat(cert.path("usedBy").asText()).isEqualTo(maHoSo);
            assertThat(cert.path("reserved").asBoolean()).isFalse();
        });
        List<String> outcomes = trail(maHoSo);
        assertThat(outcomes.indexOf("EVIDENCE_USED")).isGreaterThan(outcomes.indexOf("EVIDENCE_RESERVED"));
        HttpResponse<String> late = gw.post("/api/health/birth-certificates", json(record));
        assertThat(late.statusCode()).isEqualTo(422);
        assertThat(late.body()).contains("already used");
    }

    @Test
    void aDossierPmhtRefusesReleasesItsCertificateAndTheHospitalsCorrectedResendIsAccepted() throws Exception {
        String maGCS = HealthFixtures.number("GCS");
        Map<String, Object> record = HealthFixtures.birth(maGCS, HealthFixtures.idNumber());
        assertThat(gw.post("/api/health/birth-certificates", json(record)).statusCode()).isEqualTo(200);
        String maHoSo = "G22.99.08-260802-" + (1000 + (int) (Math.random() * 8000));
        pmht.script(maHoSo, List.of(List.of(PmhtSimulator.Stage.rejected("Giấy chứng sinh ghi sai ngày sinh"))));
        Map<String, Object> dossier = Dossiers.birth(maHoSo);
        Dossiers.data(dossier).put("maGCS", maGCS);
        gw.send("civil.dossier.inbound", json(dossier));
        gw.awaitState(maHoSo, "SENT");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> trail(maHoSo).contains("EVIDENCE_RESERVED"));

        pollUntil(maHoSo, "REFUSED");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> trail(maHoSo).contains("EVIDENCE_RELEASED"));
        JsonNode cert = certificate(maGCS);
        assertThat(cert.path("used").asBoolean()).isFalse();
        assertThat(cert.path("reserved").asBoolean()).isFalse();
        assertThat(trail(maHoSo)).doesNotContain("EVIDENCE_USED");

        // the hospital corrects the certificate and sends it again: accepted, not "already used"
        record.put("nksNgaySinh", "09/07/2026");
        HttpResponse<String> resend = gw.post("/api/health/birth-certificates", json(record));
        assertThat(resend.statusCode()).as(resend.body()).isEqualTo(200);
        assertThat(parse(resend.body()).path("action").asText()).isEqualTo("updated");
        assertThat(certificate(maGCS).path("nksNgaySinh").asText()).isEqualTo("2026-07-09");
    }

    @Test
    void aWithdrawnDossierReleasesItsDeathNotice() throws Exception {
        String maGBT = HealthFixtures.number("GBT");
        Map<String, Object> notice = HealthFixtures.death(maGBT, HealthFixtures.idNumber());
        assertThat(gw.post("/api/health/death-notices", json(notice)).statusCode()).isEqualTo(200);
        String maHoSo = "H08.37.80-260803-" + (1000 + (int) (Math.random() * 8000));
        Map<String, Object> dossier = Dossiers.deathXml(maHoSo);
        dossier.put("data", ((String) dossier.get("data")).replace("GBT-01", maGBT));
        gw.send("civil.dossier.inbound", json(dossier));
        gw.awaitState(maHoSo, "SENT");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                parse(gw.get("/api/health/death-notices/" + maGBT).body()).path("reservedBy").asText().equals(maHoSo));

        // the civil flow has no withdrawal source yet; the event contract has one
        gw.send("civil.registration.events", "{\"maHoSo\":\"" + maHoSo + "\",\"event\":\"WITHDRAWN\",\"module\":\"KT\"}");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> trail(maHoSo).contains("EVIDENCE_RELEASED"));
        JsonNode stored = parse(gw.get("/api/health/death-notices/" + maGBT).body());
        assertThat(stored.path("reserved").asBoolean()).isFalse();
        assertThat(stored.path("used").asBoolean()).isFalse();
        assertThat(gw.post("/api/health/death-notices", json(notice)).statusCode()).isEqualTo(200);
    }

    @Test
    void theEventIsAppliedInThePushsOwnDeliveryAndQueuedOnlyWhenTheHealthFlowCannotTakeItThen() throws Exception {
        var routes = gw.gateway().camelContext().getRouteController();
        // the queue's consumer stopped: an event that went through the queue would stay there, visible
        routes.stopRoute("health.registration-events");
        try {
            String atOnce = HealthFixtures.number("GCS");
            String atOnceCode = pushedWithCertificate(atOnce, "G22.99.08-260805-");
            // reserved, with the queue's consumer stopped: in the push's own delivery
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(certificate(atOnce).path("reservedBy").asText()).isEqualTo(atOnceCode));
            assertThat(gw.browse("civil.registration.events")).isEmpty();

            // the health step not running (as when its database fails): the event waits on the queue
            routes.stopRoute("health.registration-event");
            String queued = HealthFixtures.number("GCS");
            String queuedCode = pushedWithCertificate(queued, "G22.99.08-260806-");
            gw.awaitQueued("civil.registration.events", Duration.ofSeconds(10),
                    m -> m.textContains(queuedCode, "\"SENT\""));
            assertThat(certificate(queued).path("reserved").asBoolean()).isFalse();
            routes.startRoute("health.registration-event");
            routes.startRoute("health.registration-events");
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(certificate(queued).path("reservedBy").asText()).isEqualTo(queuedCode));
            assertThat(trail(queuedCode)).contains("EVIDENCE_RESERVED");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gw.browse("civil.registration.events").isEmpty());
        } finally {
            routes.startRoute("health.registration-event");
            routes.startRoute("health.registration-events");
        }
    }

    /** A birth dossier referring to a new certificate {@code maGCS}, pushed (state SENT); returns its code. */
    private static String pushedWithCertificate(String maGCS, String codePrefix) throws Exception {
        assertThat(gw.post("/api/health/birth-certificates", json(HealthFixtures.birth(maGCS, HealthFixtures.idNumber())))
                .statusCode()).isEqualTo(200);
        String maHoSo = codePrefix + (1000 + (int) (Math.random() * 8000));
        Map<String, Object> dossier = Dossiers.birth(maHoSo);
        Dossiers.data(dossier).put("maGCS", maGCS);
        gw.send("civil.dossier.inbound", json(dossier));
        gw.awaitState(maHoSo, "SENT");
        return maHoSo;
    }

    @Test
    void aMalformedRegistrationEventEndsInTheInvalidQueueWithItsReason() throws Exception {
        gw.send("civil.registration.events", "{\"maHoSo\":\"H08.37.80-260804-0001\",\"event\":\"PAID\"}");
        gw.send("civil.registration.events", "registered, trust me");
        GatewayHarness.QueuedMessage bad = gw.awaitQueued("health.invalid", Duration.ofSeconds(20),
                m -> m.textContains("H08.37.80-260804-0001"));
        assertThat(bad.properties().get("gatewayReason")).contains("event: must be one of");
        assertThat(parse(bad.text()).path("source").asText()).isEqualTo("CIVIL-EVENTS");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> gw.browse("health.invalid").stream()
                .anyMatch(m -> m.textContains("trust me")
                        && m.properties().getOrDefault("gatewayReason", "").contains("must be a JSON object")));
        // refused, not retried: nothing on the dead-letter queue, the events queue is drained
        assertThat(gw.browse("DLQ.health.registration-events")).isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gw.browse("civil.registration.events").isEmpty());
    }

    @Test
    void lostEventsAreCaughtUpByTheReconciliationAgainstTheLedger() throws Exception {
        // dossiers whose events never reached health (a crash between the ledger change and the send): the ledger
        // says where they are, health's links say what evidence they use
        EvidenceStore store = gw.gateway().bean("evidenceStore", EvidenceStore.class);
        var ledger = gw.gateway().ledger();
        String registeredGcs = HealthFixtures.number("GCS");
        String refusedGcs = HealthFixtures.number("GCS");
        for (String gcs : List.of(registeredGcs, refusedGcs)) {
            assertThat(gw.post("/api/health/birth-certificates", json(HealthFixtures.birth(gcs, HealthFixtures.idNumber())))
                    .statusCode()).isEqualTo(200);
        }
        String registered = "G22.99.08-260805-" + (1000 + (int) (Math.random() * 4000));
        String refused = "G22.99.08-260805-" + (5000 + (int) (Math.random() * 4000));
        store.link(registered, "GCS", registeredGcs);
        store.link(refused, "GCS", refusedGcs);
        ledger.record(new vn.lienthong.gateway.ledger.DossierFacts(registered, "civil", "KS", "LTKS", "22", "00004", "v1"),
                vn.lienthong.gateway.ledger.DossierState.SENT, "test", "pushed; its SENT event was lost");
        ledger.record(new vn.lienthong.gateway.ledger.DossierFacts(refused, "civil", "KS", "LTKS", "22", "00004", "v1"),
                vn.lienthong.gateway.ledger.DossierState.SENT, "test", "pushed; its SENT event was lost");
        EvidenceUsage usage = gw.gateway().bean("evidenceUsage", EvidenceUsage.class);

        usage.reconcile();
        assertThat(certificate(registeredGcs).path("reservedBy").asText()).isEqualTo(registered);
        assertThat(certificate(refusedGcs).path("reservedBy").asText()).isEqualTo(refused);

        new vn.lienthong.gateway.ledger.ResultRecords(ledger).save(new vn.lienthong.gateway.ledger.ResultRecords.Result(
                registered, "v1", "giayKhaiSinh", "0".repeat(64), 1, null, "777", "01/2026", "7", "01.12.2026"));
        ledger.transition(registered, vn.lienthong.gateway.ledger.DossierState.REGISTERED, "test", "its REGISTERED event was lost");
        ledger.transition(refused, vn.lienthong.gateway.ledger.DossierState.REFUSED, "test", "its REFUSED event was lost");
        usage.reconcile();

        JsonNode used = certificate(registeredGcs);
        assertThat(used.path("used").asBoolean()).isTrue();
        assertThat(used.path("usedBy").asText()).isEqualTo(registered);
        EvidenceStore.Registration r = store.registration(registered).orElseThrow();
        assertThat(r.lastEvent()).isEqualTo("REGISTERED");
        assertThat(r.soDangKy()).isEqualTo("777");
        assertThat(r.ngayDangKy()).isEqualTo("01.12.2026");
        JsonNode free = certificate(refusedGcs);
        assertThat(free.path("reserved").asBoolean()).isFalse();
        assertThat(free.path("used").asBoolean()).isFalse();
        assertThat(trail(registered)).contains("EVIDENCE_RESERVED", "EVIDENCE_USED");
        assertThat(trail(refused)).contains("EVIDENCE_RESERVED", "EVIDENCE_RELEASED");
        // caught up: the next run has nothing left to do for them
        usage.reconcile();
        assertThat(store.laggingDossiers(1000)).extracting(EvidenceStore.Lagging::maHoSo).doesNotContain(registered, refused);
    }
}
