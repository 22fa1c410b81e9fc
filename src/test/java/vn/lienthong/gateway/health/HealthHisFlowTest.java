package vn.lienthong.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.support.Dossiers.json;
import static vn.lienthong.gateway.support.Dossiers.parse;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.sandbox.PmhtSimulator;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;

/**
 * Hospital records pushed over HTTP and JMS through the real gateway (broker, database, routes), the lookups,
 * and the civil flow using the evidence: enrichment before validation, reserved once PMHT has the dossier, used once
 * PMHT registered it (EvidenceRegistrationTest has the refusals).
 */
class HealthHisFlowTest {

    static GatewayHarness gw;
    static PmhtSimulator pmht;
    static EvidenceUsage usage;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.start();
        pmht = gw.gateway().bean("pmhtSimulator", PmhtSimulator.class);
        usage = gw.gateway().bean("evidenceUsage", EvidenceUsage.class);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void newBirthCertificateIsStoredAndCanBeLookedUpByTheMothersIdNumber() throws Exception {
        String maGCS = HealthFixtures.number("GCS");
        String mother = HealthFixtures.idNumber();
        HttpResponse<String> r = gw.post("/api/health/birth-certificates", json(HealthFixtures.birth(maGCS, mother)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = parse(r.body());
        assertThat(answer.path("status").asText()).isEqualTo("accepted");
        assertThat(answer.path("action").asText()).isEqualTo("stored");
        assertThat(answer.path("maGCS").asText()).isEqualTo(maGCS);

        HttpResponse<String> byMother = gw.get("/api/health/birth-certificates?motherId=" + mother);
        assertThat(byMother.statusCode()).isEqualTo(200);
        JsonNode cert = parse(byMother.body()).path("certificates").get(0);
        assertThat(cert.path("maGCS").asText()).isEqualTo(maGCS);
        assertThat(cert.path("ngayCapGCS").asText()).isEqualTo("2026-07-10");
        assertThat(cert.path("nksGioiTinh").asText()).isEqualTo("1");
        assertThat(cert.path("meDanToc").asText()).isEqualTo("01");
        assertThat(cert.path("nksCanNang").asText()).isEqualTo("3200");
        assertThat(cert.path("used").asBoolean()).isFalse();
        assertThat(cert.path("source").asText()).isEqualTo("HIS-HTTP");

        assertThat(gw.get("/api/health/birth-certificates/" + maGCS).statusCode()).isEqualTo(200);
        assertThat(gw.get("/api/health/birth-certificates?motherId=" + HealthFixtures.idNumber()).statusCode()).isEqualTo(404);
        HttpResponse<String> bad = gw.get("/api/health/birth-certificates?motherId=12AB");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("motherId");
    }

    @Test
    void invalidBirthCertificateIsRejectedWithEveryProblemAndNothingIsStored() throws Exception {
        String maGCS = HealthFixtures.number("GCS");
        Map<String, Object> record = HealthFixtures.birth(maGCS, "12345");
        record.remove("meHoTen");
        record.put("nksNgaySinh", "31/02/2026");
        record.put("nksGioiTinh", "X");
        record.put("ngayCapGCS", "01/01/2099");
        HttpResponse<String> r = gw.post("/api/health/birth-certificates", json(record));
        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode answer = parse(r.body());
        assertThat(answer.path("status").asText()).isEqualTo("rejected");
        assertThat(answer.path("problems").findValuesAsText("field"))
                .contains("meHoTen", "meSoGiayToTuyThan", "nksNgaySinh", "nksGioiTinh", "ngayCapGCS");
        assertThat(answer.path("reason").asText()).contains("meHoTen: is required").contains("in the future");
        // reasons never echo the values (ID numbers, names)
        assertThat(r.body()).doesNotContain("12345");

        assertThat(gw.get("/api/health/birth-certificates/" + maGCS).statusCode()).isEqualTo(404);
        GatewayHarness.QueuedMessage invalid = awaitOn("health.invalid", maGCS);
        assertThat(invalid.properties().get("gatewayReason")).contains("meSoGiayToTuyThan");
        assertThat(parse(invalid.text()).path("source").asText()).isEqualTo("HIS-HTTP");

        HttpResponse<String> notJson = gw.post("/api/health/death-notices", "{\"maGBT\": ");
        assertThat(notJson.statusCode()).isEqualTo(422);
        assertThat(notJson.body()).contains("not valid JSON");
    }

    @Test
    void duplicateOfAnUnusedCertificateUpdatesItAndOfAUsedOneIsRejectedAsAlreadyUsed() throws Exception {
        String maGCS = HealthFixtures.number("GCS");
        String mother = HealthFixtures.idNumber();
        Map<String, Object> record = HealthFixtures.birth(maGCS, mother);
        assertThat(gw.post("/api/health/birth-certificates", json(record)).statusCode()).isEqualTo(200);

        record.put("nksHoTenDuKien", "Nguyễn Văn Sửa");
        HttpResponse<String> again = gw.post("/api/health/birth-certificates", json(record));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(parse(again.body()).path("action").asText()).isEqualTo("updated");
        JsonNode stored = parse(gw.get("/api/health/birth-certificates/" + maGCS).body());
        assertThat(stored.path("nksHoTenDuKien").asText()).isEqualTo("Nguyễn Văn Sửa");
        assertThat(stored.path("revision").asInt()).isEqualTo(2);

        assertThat(usage.markBirthCertificateUsed(maGCS, "G22.99.08-260713-9901")).isTrue();
        record.put("nksHoTenDuKien", "Nguyễn Văn Muộn");
        HttpResponse<String> late = gw.post("/api/health/birth-certificates", json(record));
        assertThat(late.statusCode()).isEqualTo(422);
        assertThat(parse(late.body()).path("problems").get(0).path("field").asText()).isEqualTo("maGCS");
        assertThat(parse(late.body()).path("reason").asText()).contains("already used");
        JsonNode unchanged = parse(gw.get("/api/health/birth-certificates/" + maGCS).body());
        assertThat(unchanged.path("nksHoTenDuKien").asText()).isEqualTo("Nguyễn Văn Sửa");
        assertThat(unchanged.path("usedBy").asText()).isEqualTo("G22.99.08-260713-9901");
    }

    @Test
    void deathNoticesFollowTheSameRulesAndAreFoundByNumberOrDeceasedId() throws Exception {
        String maGBT = HealthFixtures.number("GBT");
        String deceased = HealthFixtures.idNumber();
        Map<String, Object> record = HealthFixtures.death(maGBT, deceased);
        HttpResponse<String> r = gw.post("/api/health/death-notices", json(record));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(parse(r.body()).path("action").asText()).isEqualTo("stored");
        assertThat(parse(gw.post("/api/health/death-notices", json(record)).body()).path("action").asText()).isEqualTo("updated");

        JsonNode notice = parse(gw.get("/api/health/death-notices/" + maGBT).body());
        assertThat(notice.path("nktNgayChet").asText()).isEqualTo("2026-07-01");
        assertThat(notice.path("nktGioPhutChet").asText()).isEqualTo("10:15");
        assertThat(parse(gw.get("/api/health/death-notices?deceasedId=" + deceased).body()).path("notices").size()).isEqualTo(1);
        assertThat(gw.get("/api/health/death-notices/GBT-NOT-THERE").statusCode()).isEqualTo(404);

        Map<String, Object> bad = HealthFixtures.death(HealthFixtures.number("GBT"), deceased);
        bad.put("ngayCapGBT", "30.06.2026"); // before the death
        bad.remove("nktNoiChet");
        HttpResponse<String> rejected = gw.post("/api/health/death-notices", json(bad));
        assertThat(rejected.statusCode()).isEqualTo(422);
        assertThat(parse(rejected.body()).path("problems").findValuesAsText("field")).containsExactlyInAnyOrder("nktNoiChet", "ngayCapGBT");

        assertThat(usage.markDeathNoticeUsed(maGBT, "H08.37.80-260705-9902")).isTrue();
        HttpResponse<String> used = gw.post("/api/health/death-notices", json(record));
        assertThat(used.statusCode()).isEqualTo(422);
        assertThat(used.body()).contains("already used");
    }

    @Test
    void jmsSendersGetAReplyOnJmsReplyToAndRejectionsAlsoGoToTheInvalidQueue() throws Exception {
        String good = HealthFixtures.number("GCS");
        String bad = HealthFixtures.number("GCS");
        String quiet;
        Map<String, Object> invalid = HealthFixtures.birth(bad, HealthFixtures.idNumber());
        invalid.put("nksCanNang", "nặng");
        String replyQueue = "test.health.replies." + UUID.randomUUID();
        try (Connection c = gw.gateway().connectionFactory().createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            Queue replies = s.createQueue(replyQueue);
            MessageProducer p = s.createProducer(s.createQueue("health.birth.inbound"));
            TextMessage m1 = s.createTextMessage(json(HealthFixtures.birth(good, HealthFixtures.idNumber())));
            m1.setJMSReplyTo(replies);
            m1.setJMSCorrelationID("his-1");
            p.send(m1);
            TextMessage m2 = s.createTextMessage(json(invalid));
            m2.setJMSReplyTo(replies);
            m2.setJMSCorrelationID("his-2");
            p.send(m2);
            // without JMSReplyTo: no reply, the record is still processed
            quiet = HealthFixtures.number("GBT");
            s.createProducer(s.createQueue("health.death.inbound"))
                    .send(s.createTextMessage(json(HealthFixtures.death(quiet, HealthFixtures.idNumber()))));

            MessageConsumer consumer = s.createConsumer(replies);
            Map<String, JsonNode> byCorrelation = new java.util.HashMap<>();
            for (int i = 0; i < 2; i++) {
                TextMessage reply = (TextMessage) consumer.receive(20_000);
                assertThat(reply).as("reply " + i).isNotNull();
                byCorrelation.put(reply.getJMSCorrelationID(), parse(reply.getText()));
            }
            assertThat(byCorrelation.get("his-1").path("status").asText()).isEqualTo("accepted");
            assertThat(byCorrelation.get("his-1").path("action").asText()).isEqualTo("stored");
            assertThat(byCorrelation.get("his-2").path("status").asText()).isEqualTo("rejected");
            assertThat(byCorrelation.get("his-2").path("problems").findValuesAsText("field")).containsExactly("nksCanNang");
        }
        assertThat(gw.get("/api/health/birth-certificates/" + good).statusCode()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                gw.get("/api/health/death-notices/" + quiet).statusCode() == 200);
        GatewayHarness.QueuedMessage entry = awaitOn("health.invalid", bad);
        assertThat(parse(entry.text()).path("source").asText()).isEqualTo("HIS-JMS");
        assertThat(entry.properties().get("gatewayReason")).contains("nksCanNang");
    }

    @Test
    void birthDossierWithoutCertificateDataIsEnrichedAndTheCertificateIsUsedOnceRegistered() throws Exception {
        String maGCS = HealthFixtures.number("GCS");
        String mother = HealthFixtures.idNumber();
        assertThat(gw.post("/api/health/birth-certificates", json(HealthFixtures.birth(maGCS, mother))).statusCode()).isEqualTo(200);

        String maHoSo = "G22.99.08-260713-" + (5000 + (int) (Math.random() * 4000));
        Map<String, Object> dossier = Dossiers.birth(maHoSo);
        Dossiers.data(dossier).remove("maGCS");
        Dossiers.data(dossier).remove("ngayCapGCS");
        Dossiers.data(dossier).put("meSoGiayToTuyThan", mother);
        assertThat(gw.post("/api/civil/dossiers", json(dossier)).statusCode()).isEqualTo(202);
        gw.awaitState(maHoSo, "SENT");

        PmhtSimulator.Push push = pmht.accepted().stream().filter(p -> p.maHoSoLT().equals(maHoSo)).findFirst().orElseThrow();
        JsonNode data = parse(parse(push.body()).path("data").asText());
        assertThat(data.path("maGCS").asText()).isEqualTo(maGCS);
        assertThat(data.path("ngayCapGCS").asText()).isEqualTo("10.07.2026");

        // PMHT has it, has not registered it: reserved (seed 004: used means used by a registration)
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(parse(gw.get("/api/health/birth-certificates/" + maGCS).body()).path("reservedBy").asText())
                        .isEqualTo(maHoSo));
        assertThat(parse(gw.get("/api/health/birth-certificates/" + maGCS).body()).path("used").asBoolean()).isFalse();
        HealthFixtures.pollPmhtUntil(gw, maHoSo, "REGISTERED");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode cert = parse(gw.get("/api/health/birth-certificates/" + maGCS).body());
            assertThat(cert.path("used").asBoolean()).isTrue();
            assertThat(cert.path("usedBy").asText()).isEqualTo(maHoSo);
        });
        assertThat(gw.gateway().ledger().find(maHoSo).orElseThrow().trail())
                .anySatisfy(e -> assertThat(e.outcome()).isEqualTo("ENRICHED"))
                .anySatisfy(e -> assertThat(e.outcome()).isEqualTo("EVIDENCE_USED"));
        // the hospital can no longer change it
        HttpResponse<String> late = gw.post("/api/health/birth-certificates", json(HealthFixtures.birth(maGCS, mother)));
        assertThat(late.statusCode()).isEqualTo(422);
        assertThat(late.body()).contains("already used");
    }

    @Test
    void birthDossierWithoutACertificateInTheStoreGoesOnUnchanged() throws Exception {
        String maHoSo = "G22.99.08-260713-" + (1000 + (int) (Math.random() * 4000));
        Map<String, Object> dossier = Dossiers.birth(maHoSo);
        Dossiers.data(dossier).remove("maGCS");
        Dossiers.data(dossier).remove("ngayCapGCS");
        Dossiers.data(dossier).put("meSoGiayToTuyThan", HealthFixtures.idNumber());
        gw.post("/api/civil/dossiers", json(dossier));
        gw.awaitState(maHoSo, "SENT");
        PmhtSimulator.Push push = pmht.accepted().stream().filter(p -> p.maHoSoLT().equals(maHoSo)).findFirst().orElseThrow();
        assertThat(parse(parse(push.body()).path("data").asText()).has("maGCS")).isFalse();
    }

    @Test
    void deathDossierInXmlMarksItsHospitalNoticeUsedOnceRegistered() throws Exception {
        String maGBT = HealthFixtures.number("GBT");
        assertThat(gw.post("/api/health/death-notices", json(HealthFixtures.death(maGBT, HealthFixtures.idNumber())))
                .statusCode()).isEqualTo(200);
        String maHoSo = "H08.37.80-260705-" + (1000 + (int) (Math.random() * 8000));
        Map<String, Object> dossier = Dossiers.deathXml(maHoSo);
        dossier.put("data", ((String) dossier.get("data")).replace("GBT-01", maGBT));
        gw.send("civil.dossier.inbound", json(dossier));
        gw.awaitState(maHoSo, "SENT");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(parse(gw.get("/api/health/death-notices/" + maGBT).body()).path("reservedBy").asText()).isEqualTo(maHoSo));
        HealthFixtures.pollPmhtUntil(gw, maHoSo, "REGISTERED");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(parse(gw.get("/api/health/death-notices/" + maGBT).body()).path("usedBy").asText()).isEqualTo(maHoSo));
    }

    private GatewayHarness.QueuedMessage awaitOn(String queue, String needle) {
        return gw.awaitQueued(queue, Duration.ofSeconds(20), m -> m.textContains(needle));
    }
}
