package vn.lienthong.gateway.molisa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import vn.lienthong.gateway.ledger.DossierView;
import vn.lienthong.gateway.sandbox.MolisaSimulator;
import vn.lienthong.gateway.support.GatewayHarness;

/**
 * The MOLISA flow through the real gateway: HTTP and JMS intake, embedded broker, HSQLDB ledger, the batching routes
 * and the MOLISA simulator over HTTP. Token tests run in order: they count GetToken calls since the gateway started.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MolisaFlowTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final vn.lienthong.gateway.support.MutableClock CLOCK = vn.lienthong.gateway.support.MutableClock.frozenAt("2026-01-05T01:00:00Z");
    static final AtomicInteger SEQ = new AtomicInteger();
    static GatewayHarness gw;
    static MolisaSimulator sim;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.start(Map.of("MOLISA_BATCH_SIZE", "5", "MOLISA_BATCH_WAIT_MS", "400",
                "MOLISA_TOKEN_TTL_SECONDS", "1800", "MOLISA_DISPATCH_CONSUMERS", "3"), CLOCK);
        sim = gw.gateway().bean("molisaSimulator", MolisaSimulator.class);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static String code() {
        return "H22.08-260714-" + String.format("%04d", 100 + SEQ.incrementAndGet());
    }

    @Test
    @Order(1)
    void manyDossiersThroughTheGatewayShareOneToken() throws Exception {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String c = code();
            codes.add(c);
            gw.send("molisa.dossier.inbound", json(TestSupport.dossierInput(c)));
        }
        for (String c : codes) {
            gw.awaitState(c, "SENT");
        }
        assertThat(acceptedCodes(sim.acceptedDossiers())).containsAll(codes);
        assertThat(sim.tokensIssued()).as("one GetToken for every batch").isEqualTo(1);
        assertThat(sim.calls("DongBoDVC")).as("batched: 12 records in batches of at most 5").isBetween(3, 12);
        assertThat(refreshMetric()).isEqualTo(1.0);
        DossierView view = gw.gateway().ledger().find(codes.get(0)).orElseThrow();
        assertThat(view.flow()).isEqualTo("molisa");
        assertThat(view.moduleIn()).isEqualTo("1.001753");
        assertThat(view.trail()).extracting(DossierView.Event::outcome).containsSubsequence("RECEIVED", "ACCEPTED", "SENT");
        assertThat(view.trail()).anySatisfy(e -> assertThat(e.reason()).contains("error_code 0"));
    }

    @Test
    void postReformDossierWithoutDistrictAndAnUnlistedIssuingPlaceIsSentWithWarningsInTheTrail() throws Exception {
        String c = code();
        Map<String, Object> in = TestSupport.dossierInput(c);
        in.put("SubmitedDate", "2026-01-04T08:30:00+07:00");
        in.put("MaTinh", "22");
        in.put("MaXa", "06709");
        in.remove("MaHuyen");
        in.put("HKTTC_MaTinh", "22");
        in.put("HKTTC_MaXa", "06709");
        in.remove("HKTTC_MaHuyen");
        in.put("CMND_NoiCap", "Cao Bằng"); // not among seed 003's 62 places
        gw.send("molisa.dossier.inbound", json(in));
        gw.awaitState(c, "SENT");
        DossierView view = gw.gateway().ledger().find(c).orElseThrow();
        assertThat(view.trail()).filteredOn(e -> "ACCEPTED".equals(e.outcome())).singleElement()
                .extracting(DossierView.Event::reason).asString()
                .contains("CMND_NoiCap: unknown ID issuing place", "left empty", "MaHuyen: derived 194")
                .doesNotContain("Cao Bằng");
    }

    @Test
    @Order(2)
    void anExpiredTokenIsRefreshedOnceAndARevokedOneOnceMore() throws Exception {
        int before = sim.tokensIssued();
        CLOCK.advance(Duration.ofMinutes(31));
        List<String> codes = sendDossiers(4);
        codes.forEach(c -> gw.awaitState(c, "SENT"));
        assertThat(sim.tokensIssued()).as("expiry: exactly one refresh").isEqualTo(before + 1);

        // MOLISA forgets its tokens (restart): the refusal costs one refresh and one retry, not a failure
        int refusals = sim.authRefusals();
        sim.revokeTokens();
        List<String> more = sendDossiers(3);
        more.forEach(c -> gw.awaitState(c, "SENT"));
        assertThat(sim.tokensIssued()).isEqualTo(before + 2);
        assertThat(sim.authRefusals()).isGreaterThan(refusals);
        assertThat(acceptedCodes(sim.acceptedDossiers())).containsAll(codes).containsAll(more);
        assertThat(refreshMetric()).isEqualTo(before + 2.0);
    }

    @Test
    void aSampleDossierTwoProgressStepsAndADecisionReachMolisa() throws Exception {
        List<Path> samples;
        try (var files = Files.list(Path.of("samples", "molisa"))) {
            samples = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(samples).hasSize(4);
        String maHoSo = null;
        for (Path sample : samples) {
            String body = Files.readString(sample);
            maHoSo = JSON.readTree(body).path("MaHoSo").asText();
            HttpResponse<String> r = gw.post(endpointOf(sample), body);
            assertThat(r.statusCode()).as(sample + ": " + r.body()).isEqualTo(202);
            assertThat(JSON.readTree(r.body()).path("trackingId").asText()).isNotBlank();
            // the one-stop-shop sends the steps in order, after the previous one was taken
            String code = maHoSo;
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    gw.gateway().ledger().stateOf(code).map(s -> s.name().equals("SENT")).orElse(false)
                            && gw.gateway().ledger().find(code).orElseThrow().trail().stream()
                            .filter(e -> e.outcome().equals("SENT")).count() == samples.indexOf(sample) + 1);
        }
        String code = maHoSo;
        Map<String, Object> dossier = only(sim.acceptedDossiers(), code);
        assertThat(dossier).containsEntry("MaTTHC", "1.001776").containsEntry("GioiTinhId", "1035")
                .containsEntry("DanTocId", "29").containsEntry("CMND_NoiCap", "1047").containsEntry("MaXa", "06709")
                .containsEntry("HKTT_MaXa", "06709").containsEntry("NgayThangNamSinh", "10/02/1948")
                .containsEntry("SubmittedDate", "14/07/2026 08:30:00").containsEntry("StatusId", 1)
                .doesNotContainKeys("SubmitedDate", "HKTTC_MaXa", "MaDanToc");
        assertThat(dossier.get("TenTTHC").toString()).startsWith("Thực hiện điều chỉnh thôi hưởng");
        List<Map<String, Object>> steps = sim.acceptedProgress().stream().filter(p -> code.equals(p.get("MaHoSo"))).toList();
        assertThat(steps).hasSize(2);
        assertThat(steps).extracting(p -> p.get("NoiDungXuLy").toString())
                .containsExactlyInAnyOrder("Tiếp nhận hồ sơ, chuyển Phòng LĐTBXH thẩm định",
                        "Thẩm định đạt, trình Chủ tịch UBND huyện phê duyệt");
        assertThat(steps).anySatisfy(p -> assertThat(p).containsEntry("DonViXuLy", "UBND xã")
                .containsEntry("ThoiDiemXuLy", "20260714090000").containsEntry("NgayKetThucTheoQuyDinh", "20260804170000")
                .containsEntry("UseridCreated", "motcua.xa01"));
        Map<String, Object> decision = only(sim.acceptedDecisions(), code);
        assertThat(decision.get("Url").toString()).endsWith("/H22.08-260714-0001.pdf");

        HttpResponse<String> trail = gw.get("/api/dossiers/" + code);
        assertThat(trail.statusCode()).isEqualTo(200);
        JsonNode t = JSON.readTree(trail.body());
        assertThat(t.path("state").asText()).isEqualTo("SENT");
        assertThat(t.path("trail").findValuesAsText("step")).contains("dossier.intake", "DongBoDVC", "progress.intake",
                "XuLyHoSo", "decision.intake", "FileQuyetDinh");
        assertThat(trail.body()).doesNotContain("Lê Thị Mẫu").doesNotContain("022148000123").doesNotContain("0900000000");
    }

    @Test
    void aBatchWithOneRecordMolisaRefusesDeliversTheOthers() throws Exception {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            codes.add(code());
        }
        String bad = codes.get(2);
        sim.refuseRecord(bad, "Đối tượng đã tồn tại trong CSDL BTXH");
        int calls = sim.calls("DongBoDVC");
        for (String c : codes) {
            gw.send("molisa.dossier.inbound", json(TestSupport.dossierInput(c)));
        }
        for (String c : codes) {
            gw.awaitState(c, c.equals(bad) ? "FAILED" : "SENT");
        }
        assertThat(acceptedCodes(sim.acceptedDossiers())).containsAll(codes.stream().filter(c -> !c.equals(bad)).toList())
                .doesNotContain(bad);
        GatewayHarness.QueuedMessage invalid = awaitOn("molisa.invalid", "\"MaHoSo\":\"" + bad + "\"");
        assertThat(invalid.properties().get("gatewayReason")).contains("error_code 3")
                .contains("Đối tượng đã tồn tại trong CSDL BTXH");
        JsonNode entry = JSON.readTree(invalid.text());
        assertThat(entry.path("operation").asText()).isEqualTo("DongBoDVC");
        assertThat(entry.path("error_code").asInt()).isEqualTo(3);
        assertThat(entry.path("record").path("MaHoSo").asText()).as("the record, to fix and replay").isEqualTo(bad);
        assertThat(gw.gateway().ledger().find(bad).orElseThrow().lastReason()).contains("error_code 3");
        assertThat(sim.calls("DongBoDVC") - calls).as("the refused batch was split").isGreaterThan(1);
    }

    @Test
    void aRecordThatBreaksTheTableIsRejectedWithFieldAndReasonNeverTruncated() throws Exception {
        String tooLong = code();
        Map<String, Object> d = TestSupport.dossierInput(tooLong);
        d.put("NOHT_MaThon", "Thôn Đông Xuân Thượng");   // 21 characters, the table allows 10
        d.remove("HoVaTen");
        gw.send("molisa.dossier.inbound", json(d));
        String badProgress = code();
        Map<String, Object> p = TestSupport.progressInput(badProgress);
        p.put("NgayBatDau", "31/02/2026");
        HttpResponse<String> r = gw.post("/api/molisa/progress", json(p));
        assertThat(r.statusCode()).isEqualTo(202);

        GatewayHarness.QueuedMessage m = awaitOn("molisa.invalid", "\"MaHoSo\":\"" + tooLong + "\"");
        JsonNode entry = JSON.readTree(m.text());
        assertThat(entry.path("problems").findValuesAsText("field")).contains("NOHT_MaThon", "HoVaTen");
        assertThat(m.properties().get("gatewayReason")).contains("NOHT_MaThon: longer than 10 characters");
        assertThat(entry.path("original").asText()).contains("Thôn Đông Xuân Thượng");
        assertThat(gw.awaitState(tooLong, "REJECTED").lastReason()).contains("HoVaTen").doesNotContain("Thôn Đông");
        GatewayHarness.QueuedMessage pm = awaitOn("molisa.invalid", "\"MaHoSo\":\"" + badProgress + "\"");
        assertThat(pm.properties().get("gatewayReason")).contains("NgayBatDau");
        assertThat(acceptedCodes(sim.acceptedDossiers())).doesNotContain(tooLong);
        assertThat(acceptedCodes(sim.acceptedProgress())).doesNotContain(badProgress);
    }

    @Test
    void onlyTheElevenProceduresGoToMolisaAndOthersAreAnswered() throws Exception {
        String social = code();
        Map<String, Object> d = TestSupport.dossierInput(social);
        d.put("MaTTHC", "2.0000286");   // the seed's spelling of 2.000286
        assertThat(gw.post("/api/molisa/dossiers", json(d)).statusCode()).isEqualTo(202);

        String birth = code();
        Map<String, Object> other = TestSupport.dossierInput(birth);
        other.put("MaTTHC", "1.001193");  // birth registration: a civil-registry procedure
        HttpResponse<String> r = gw.post("/api/molisa/dossiers", json(other));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.path("status").asText()).isEqualTo("NOT_APPLICABLE");
        assertThat(answer.path("message").asText()).contains("not a social-assistance procedure");
        assertThat(gw.gateway().ledger().stateOf(birth).orElseThrow().name()).isEqualTo("NOT_APPLICABLE");

        // JMS: the answer goes to molisa.result, and to JMSReplyTo when the sender asks for one
        String viaJms = code();
        Map<String, Object> jmsOther = TestSupport.dossierInput(viaJms);
        jmsOther.put("MaTTHC", "1.000894");
        String reply = sendAndAwaitReply("molisa.dossier.inbound", json(jmsOther));
        assertThat(JSON.readTree(reply).path("status").asText()).isEqualTo("NOT_APPLICABLE");
        assertThat(JSON.readTree(reply).path("MaHoSo").asText()).isEqualTo(viaJms);
        GatewayHarness.QueuedMessage result = awaitOn("molisa.result", viaJms);
        assertThat(JSON.readTree(result.text()).path("message").asText()).contains("1.000894");

        Map<String, Object> sent = awaitAccepted(social);
        assertThat(sent).containsEntry("MaTTHC", "2.000286");
        gw.awaitState(social, "SENT");
        Thread.sleep(300);
        assertThat(acceptedCodes(sim.acceptedDossiers())).doesNotContain(birth, viaJms);

        // a valid record sent with JMSReplyTo is told it is queued
        String queued = sendAndAwaitReply("molisa.decision.inbound", json(TestSupport.decisionInput(code())));
        assertThat(JSON.readTree(queued).path("status").asText()).isEqualTo("QUEUED");
    }

    @Test
    void httpIntakeRefusesUnparseableJsonAndUnknownKinds() throws Exception {
        HttpResponse<String> bad = gw.post("/api/molisa/dossiers", "{\"MaHoSo\": ");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("error").asText()).contains("not valid JSON");
        String trackingId = JSON.readTree(bad.body()).path("trackingId").asText();
        assertThat(awaitOn("molisa.invalid", trackingId).properties().get("gatewayReason")).contains("not valid JSON");
        assertThat(gw.post("/api/molisa/decisions", "[1]").statusCode()).isEqualTo(400);
        assertThat(gw.post("/api/molisa/payments", "{}").statusCode()).isEqualTo(404);
    }

    // ---- helpers ----

    static String endpointOf(Path sample) {
        String name = sample.getFileName().toString();
        if (name.contains("dossier")) {
            return "/api/molisa/dossiers";
        }
        return name.contains("progress") ? "/api/molisa/progress" : "/api/molisa/decisions";
    }

    static List<String> sendDossiers(int n) throws Exception {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String c = code();
            codes.add(c);
            gw.post("/api/molisa/dossiers", json(TestSupport.dossierInput(c)));
        }
        return codes;
    }

    static Map<String, Object> awaitAccepted(String maHoSo) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> acceptedCodes(sim.acceptedDossiers()).contains(maHoSo));
        return only(sim.acceptedDossiers(), maHoSo);
    }

    static Map<String, Object> only(List<Map<String, Object>> records, String maHoSo) {
        List<Map<String, Object>> found = records.stream().filter(r -> maHoSo.equals(r.get("MaHoSo"))).toList();
        assertThat(found).as("records of " + maHoSo).hasSize(1);
        return found.get(0);
    }

    static List<String> acceptedCodes(List<Map<String, Object>> records) {
        return records.stream().map(r -> String.valueOf(r.get("MaHoSo"))).toList();
    }

    static String json(Object value) throws Exception {
        return JSON.writeValueAsString(value);
    }

    double refreshMetric() throws Exception {
        String body = gw.management("/observe/metrics").body();
        Matcher m = Pattern.compile("(?m)^gateway_token_refreshes_total\\{[^}]*upstream=\"molisa\"[^}]*} ([0-9.eE+-]+)$")
                .matcher(body);
        assertThat(m.find()).as("gateway_token_refreshes_total{upstream=\"molisa\"} is exported").isTrue();
        return Double.parseDouble(m.group(1));
    }

    static String sendAndAwaitReply(String queue, String text) throws Exception {
        try (Connection c = gw.gateway().connectionFactory().createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            var replies = s.createTemporaryQueue();
            TextMessage m = s.createTextMessage(text);
            m.setJMSReplyTo(replies);
            s.createProducer(s.createQueue(queue)).send(m);
            try (MessageConsumer consumer = s.createConsumer(replies)) {
                Message reply = consumer.receive(20_000);
                assertThat(reply).as("a reply on JMSReplyTo").isNotNull();
                return reply.getBody(String.class);
            }
        }
    }

    static GatewayHarness.QueuedMessage awaitOn(String queue, String needle) {
        return gw.awaitQueued(queue, Duration.ofSeconds(30), m -> m.textContains(needle));
    }
}
