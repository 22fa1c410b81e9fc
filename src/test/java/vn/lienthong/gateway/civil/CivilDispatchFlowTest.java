package vn.lienthong.gateway.civil;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.support.Dossiers.json;
import static vn.lienthong.gateway.support.Dossiers.parse;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.builder.AdviceWith;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.ledger.DossierView;
import vn.lienthong.gateway.ledger.LedgerException;
import vn.lienthong.gateway.sandbox.PmhtSimulator;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;

/** The civil dispatch flow end to end: real broker, database, routes and the PMHT simulator over HTTP. */
class CivilDispatchFlowTest {

    static GatewayHarness gw;
    static PmhtSimulator pmht;
    static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.start();
        pmht = gw.gateway().bean("pmhtSimulator", PmhtSimulator.class);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @BeforeEach
    void resetSimulator() {
        pmht.reset();
    }

    static String code() {
        return "G22.99.08-260713-" + String.format("%04d", SEQ.incrementAndGet());
    }

    @Test
    void theDispatchMessageCarriesTheDecisionsHeadersAndNoneOfTheSendersOthers() throws Exception {
        // another system's JMS properties must not travel on to the dispatch queue (CivilMessages.keepOnly); the
        // push at once fails (PMHT 503), so the dossier is queued for dispatch with the claim's owner
        String maHoSo = code();
        var camel = gw.gateway().camelContext();
        camel.getRouteController().stopRoute("civil.dispatch");
        pmht.failNext(1, PmhtSimulator.Fault.HTTP_503);
        String intakeMessageId;
        try {
            try (jakarta.jms.Connection c = gw.gateway().connectionFactory().createConnection();
                 jakarta.jms.Session s = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE)) {
                jakarta.jms.TextMessage m = s.createTextMessage(json(Dossiers.birth(maHoSo)));
                m.setStringProperty("trackingId", "t-headers-1");
                m.setStringProperty("senderNote", "not for the gateway's queues");
                m.setStringProperty("MAHOSO_FORGED", "x");
                s.createProducer(s.createQueue("civil.dossier.inbound")).send(m);
                intakeMessageId = m.getJMSMessageID();
            }
            GatewayHarness.QueuedMessage queued = Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> gw.browse("civil.dossier.dispatch").stream()
                            .filter(q -> maHoSo.equals(q.properties().get("maHoSo"))).findFirst().orElse(null),
                            q -> q != null);
            assertThat(queued.properties()).containsEntry("trackingId", "t-headers-1")
                    .containsEntry("pmhtModule", "LTKS").containsKey("contentVersion")
                    .containsEntry("dispatchOwner", intakeMessageId)
                    .doesNotContainKeys("senderNote", "MAHOSO_FORGED");
            assertThat(queued.properties().keySet()).as("only the decision's headers (and the broker's own)")
                    .allMatch(k -> List.of("trackingId", "maHoSo", "pmhtModule", "contentVersion", "gatewayReason",
                            "dispatchOwner").contains(k) || k.startsWith("JMS") || k.startsWith("_AMQ"));
            assertThat(pmht.acceptedCount(maHoSo)).isZero();
        } finally {
            camel.getRouteController().startRoute("civil.dispatch");
        }
        // the queued copy owns the claim the failed push at once took: it pushes, once
        gw.awaitState(maHoSo, "SENT");
        assertThat(pmht.acceptedCount(maHoSo)).isEqualTo(1);
    }

    @Test
    void aDossierIsPushedInItsIntakeDeliveryWithoutTheDispatchQueue() throws Exception {
        String maHoSo = code();
        var camel = gw.gateway().camelContext();
        camel.getRouteController().stopRoute("civil.dispatch");
        try {
            assertThat(gw.post("/api/civil/dossiers", json(Dossiers.birth(maHoSo))).statusCode()).isEqualTo(202);
            gw.awaitState(maHoSo, "SENT");
            assertThat(pmht.acceptedCount(maHoSo)).isEqualTo(1);
            assertThat(gw.browse("civil.dossier.dispatch")).noneMatch(q -> maHoSo.equals(q.properties().get("maHoSo")));
        } finally {
            camel.getRouteController().startRoute("civil.dispatch");
        }
    }

    @Test
    void birthWithFlatAddressesReachesPmhtAsLtksWithAddressObjects() throws Exception {
        String maHoSo = code();
        HttpResponse<String> r = gw.post("/api/civil/dossiers", json(Dossiers.birth(maHoSo)));
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(parse(r.body()).path("trackingId").asText()).isNotBlank();

        DossierView view = gw.awaitState(maHoSo, "SENT");
        assertThat(view.modulePushed()).isEqualTo("LTKS");
        assertThat(view.maTinh()).isEqualTo("01");
        assertThat(pmht.acceptedCount(maHoSo)).isEqualTo(1);

        JsonNode push = parse(pmht.accepted().get(0).body());
        assertThat(push.path("module").asText()).isEqualTo("LTKS");
        assertThat(push.path("maHoSoLT").asText()).isEqualTo(maHoSo);
        assertThat(push.path("ngayTiepNhan").asText()).isEqualTo("13/07/2026 08:30:00");
        assertThat(push.path("data").isTextual()).as("data is a JSON string").isTrue();
        JsonNode data = parse(push.path("data").asText());
        assertThat(data.path("meNoiCuTru").path("maTinh").asText()).isEqualTo("01");
        assertThat(data.path("meNoiCuTru").path("maXa").asText()).isEqualTo("00004");
        assertThat(data.path("meNoiCuTru").path("maHuyen").asText()).isEmpty();
        assertThat(data.path("meNoiCuTru").path("dcChiTiet").asText()).contains("Kim Mã");
        assertThat(data.path("nksNoiSinh").path("maXa").asText()).isEqualTo("00008");
        assertThat(data.path("nksQueQuan").path("maXa").asText()).isEqualTo("00004");
        assertThat(data.path("nycNoiCuTru").path("maXa").asText()).isEqualTo("00004");
        assertThat(data.path("nksNgaySinh").asText()).isEqualTo("05.07.2026");
        assertThat(data.has("nksNoiSinhDVHC")).isFalse();

        HttpResponse<String> trail = gw.get("/api/dossiers/" + maHoSo);
        assertThat(trail.statusCode()).isEqualTo(200);
        JsonNode t = parse(trail.body());
        assertThat(t.path("state").asText()).isEqualTo("SENT");
        assertThat(t.path("trail").findValuesAsText("outcome")).containsSubsequence("RECEIVED", "ACCEPTED", "SENT");
        assertThat(trail.body()).doesNotContain("Trần Thị Mẫu").doesNotContain("001195000077");
    }

    @Test
    void deathWithXmlDataIsPushedAsLtkt() throws Exception {
        String maHoSo = code();
        gw.send("civil.dossier.inbound", json(Dossiers.deathXml(maHoSo)));
        DossierView view = gw.awaitState(maHoSo, "SENT");
        assertThat(view.modulePushed()).isEqualTo("LTKT");
        JsonNode push = parse(pmht.accepted().get(0).body());
        assertThat(push.path("module").asText()).isEqualTo("LTKT");
        JsonNode data = parse(push.path("data").asText());
        assertThat(data.path("nktNoiChet").path("maTinh").asText()).isEqualTo("24");
        assertThat(data.path("nktNoiChet").path("maXa").asText()).isEqualTo("07246");
        assertThat(data.path("nktNgayChet").asText()).isEqualTo("01.07.2026");
    }

    @Test
    void preReformWardCodeOnA2026DossierIsFlagged() throws Exception {
        String maHoSo = code();
        Map<String, Object> d = Dossiers.birth(maHoSo);
        Dossiers.data(d).put("meNoiCuTru", Map.of("maTinh", "01", "maHuyen", "001", "maXa", "00019", "dcChiTiet", "Số 1"));
        gw.send("civil.dossier.inbound", json(d));
        gw.awaitState(maHoSo, "REJECTED");
        GatewayHarness.QueuedMessage m = awaitOn("civil.dossier.invalid", maHoSo);
        JsonNode entry = parse(m.text());
        assertThat(entry.path("problems").findValuesAsText("field")).contains("data.meNoiCuTru.maXa");
        assertThat(entry.path("original").asText()).contains(maHoSo);
        assertThat(pmht.requestCount()).isZero();
    }

    @Test
    void ambiguousAddressLandsInReviewWithItsCandidates() throws Exception {
        String maHoSo = code();
        Map<String, Object> d = Dossiers.birth(maHoSo);
        // Phường Điện Biên (00019) was split into four wards on 2025-07-01
        Dossiers.data(d).put("meNoiCuTru", "Số 5 phố Điện Biên Phủ, Phường Điện Biên, Quận Ba Đình, Thành phố Hà Nội");
        gw.send("civil.dossier.inbound", json(d));
        gw.awaitState(maHoSo, "NEEDS_REVIEW");
        JsonNode entry = parse(awaitOn("civil.dossier.review", maHoSo).text());
        JsonNode candidates = entry.path("ambiguities").get(0).path("candidates");
        assertThat(candidates.findValuesAsText("maXa")).contains("00070", "00004", "00226", "00190");
        assertThat(pmht.requestCount()).isZero();
    }

    @Test
    void everyClassOfBadInputLandsInTheInvalidQueueWithItsReason() throws Exception {
        String notJson = "this is not json " + code();
        String wrongTypes = json(Map.of("maHoSo", 98765432, "maTTHC", "1.001193", "maDonVi", "00004", "module", "KS",
                "ngayTiepNhan", "13/07/2026 08:30:00", "data", List.of(1, 2)));
        String missingCode = code();
        Map<String, Object> missing = Dossiers.birth(missingCode);
        Dossiers.data(missing).remove("nksHoTen");
        String unknownModuleCode = code();
        Map<String, Object> unknownModule = Dossiers.birth(unknownModuleCode);
        unknownModule.put("module", "XYZ");
        String badUnitCode = code();
        Map<String, Object> badUnit = Dossiers.birth(badUnitCode);
        badUnit.put("maDonVi", "99999");
        String oversizeCode = code();
        Map<String, Object> oversize = Dossiers.birth(oversizeCode);
        Dossiers.data(oversize).put("ghiChu", "x".repeat(6 * 1024 * 1024));

        int before = gw.browse("civil.dossier.invalid").size();
        gw.send("civil.dossier.inbound", notJson);
        gw.send("civil.dossier.inbound", wrongTypes);
        gw.send("civil.dossier.inbound", json(missing));
        gw.send("civil.dossier.inbound", json(unknownModule));
        gw.send("civil.dossier.inbound", json(badUnit));
        gw.send("civil.dossier.inbound", json(oversize));

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> gw.browse("civil.dossier.invalid").size() >= before + 6);
        List<GatewayHarness.QueuedMessage> invalid = gw.browse("civil.dossier.invalid");
        assertThat(reasonFor(invalid, notJson)).contains("not valid JSON");
        assertThat(reasonFor(invalid, "98765432")).contains("maHoSo").contains("string");
        assertThat(reasonFor(invalid, missingCode)).contains("data.nksHoTen");
        assertThat(reasonFor(invalid, unknownModuleCode)).contains("module");
        assertThat(reasonFor(invalid, badUnitCode)).contains("maDonVi");
        assertThat(reasonFor(invalid, oversizeCode)).containsAnyOf("size", "large", "long", "exceeds");
        assertThat(pmht.requestCount()).isZero();
        for (String c : List.of(missingCode, unknownModuleCode, badUnitCode)) {
            assertThat(gw.gateway().ledger().stateOf(c)).hasValueSatisfying(s -> assertThat(s.name()).isEqualTo("REJECTED"));
        }
    }

    @Test
    void httpIntakeAnswers400ForUnparseableAnd413ForOversize() throws Exception {
        HttpResponse<String> bad = gw.post("/api/civil/dossiers", "{\"maHoSo\": ");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(parse(bad.body()).path("error").asText()).contains("not valid JSON");
        HttpResponse<String> array = gw.post("/api/civil/dossiers", "[1,2]");
        assertThat(array.statusCode()).isEqualTo(400);
        assertThat(array.body()).contains("must be a JSON object");

        HttpResponse<String> big = gw.post("/api/civil/dossiers", "{\"x\":\"" + "y".repeat(3 * 1024 * 1024) + "\"}");
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(pmht.requestCount()).isZero();
    }

    @Test
    void pmhtFailingThenRecoveringDeliversExactlyOnce() throws Exception {
        String maHoSo = code();
        pmht.failNext(3, PmhtSimulator.Fault.HTTP_503);
        gw.post("/api/civil/dossiers", json(Dossiers.birth(maHoSo)));
        DossierView view = gw.awaitState(maHoSo, "SENT");
        assertThat(pmht.acceptedCount(maHoSo)).isEqualTo(1);
        assertThat(pmht.requestCount()).isEqualTo(4);
        assertThat(view.attempts()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void pmhtDownBeyondRetriesDeadLettersWithTheCause() throws Exception {
        String maHoSo = code();
        pmht.failNext(20, PmhtSimulator.Fault.HTTP_500);
        gw.post("/api/civil/dossiers", json(Dossiers.birth(maHoSo)));
        GatewayHarness.QueuedMessage dead = awaitOn("DLQ.civil.dispatch", maHoSo);
        assertThat(dead.properties().get("gatewayFailureCause")).contains("HTTP 500");
        assertThat(parse(dead.text()).path("maHoSoLT").asText()).isEqualTo(maHoSo);
        DossierView view = gw.gateway().ledger().find(maHoSo).orElseThrow();
        assertThat(view.state()).isEqualTo("ACCEPTED");
        assertThat(view.trail()).anySatisfy(e -> assertThat(e.outcome()).isEqualTo("DEAD_LETTER"));
        assertThat(pmht.acceptedCount(maHoSo)).isZero();
    }

    @Test
    void businessRefusalIsFailedWithPmhtsMessageAndNotRetried() throws Exception {
        String maHoSo = code();
        pmht.rejectDossier(maHoSo, "Mã đơn vị không thuộc phạm vi quản lý");
        gw.post("/api/civil/dossiers", json(Dossiers.birth(maHoSo)));
        DossierView view = gw.awaitState(maHoSo, "FAILED");
        assertThat(view.lastReason()).contains("Mã đơn vị không thuộc phạm vi quản lý");
        Thread.sleep(300);
        assertThat(pmht.requestCount()).isEqualTo(1);
    }

    @Test
    void duplicateSubmissionIsPushedOnceAndAChangedVersionAgain() throws Exception {
        String maHoSo = code();
        String body = json(Dossiers.birth(maHoSo));
        for (int i = 0; i < 5; i++) {
            gw.send("civil.dossier.inbound", body);
        }
        gw.post("/api/civil/dossiers", body);
        gw.awaitState(maHoSo, "SENT");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> gw.gateway().ledger().find(maHoSo).orElseThrow()
                .trail().stream().filter(e -> e.outcome().equals("DUPLICATE")).count() >= 5);
        assertThat(pmht.acceptedCount(maHoSo)).isEqualTo(1);

        Map<String, Object> changed = Dossiers.birth(maHoSo);
        Dossiers.data(changed).put("nksHoTen", "Nguyễn Văn Thử Hai");
        gw.send("civil.dossier.inbound", json(changed));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pmht.acceptedCount(maHoSo) == 2);
        // PMHT holds the push a moment before the gateway has read its answer: wait for the ledger
        gw.awaitState(maHoSo, "SENT");
    }

    @Test
    void consumerFailureAfterThePushRollsBackAndTheDossierIsStillPushedOnce() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        // the advice stays on the route, but fails only once
        AdviceWith.adviceWith(gw.gateway().camelContext(), "civil.push",
                a -> a.weaveById("pushed").after().process(e -> {
                    if (failures.getAndIncrement() == 0) {
                        throw new LedgerException("simulated crash after the push", null);
                    }
                }));
        String maHoSo = code();
        gw.send("civil.dossier.inbound", json(Dossiers.birth(maHoSo)));
        gw.awaitState(maHoSo, "SENT");
        // the failed push at once queued the dossier for dispatch: that copy finds its push done and is not pushed again
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> gw.gateway().ledger().find(maHoSo).orElseThrow()
                .trail().stream().anyMatch(e -> e.outcome().equals("DUPLICATE")));
        assertThat(failures.get()).isEqualTo(1);
        assertThat(pmht.acceptedCount(maHoSo)).isEqualTo(1);
        assertThat(pmht.requestCount()).isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(gw.browse("civil.dossier.dispatch")).isEmpty());
    }

    @Test
    void anIntakeDeadLetteredWithItsClaimGivesItUpSoThatItsReplayIsPushed() throws Exception {
        // the push at once fails (PMHT 503) and so does queueing the dossier for dispatch: civil.validate rolls back
        // until it dead-letters the intake message, whose claim must not keep its replay (a new message) from pushing
        java.util.concurrent.atomic.AtomicBoolean queueRefuses = new java.util.concurrent.atomic.AtomicBoolean(false);
        AdviceWith.adviceWith(gw.gateway().camelContext(), "civil.validate",
                a -> a.weaveById("queued-for-dispatch").before().process(e -> {
                    if (queueRefuses.get()) {
                        throw new IllegalStateException("simulated: the dispatch queue refuses the send");
                    }
                }));
        String maHoSo = code();
        queueRefuses.set(true);
        pmht.failNext(100, PmhtSimulator.Fault.HTTP_503);
        try {
            gw.send("civil.dossier.inbound", json(Dossiers.birth(maHoSo)));
            GatewayHarness.QueuedMessage dead = awaitOn("DLQ.civil.validate", maHoSo);
            assertThat(dead.properties()).containsEntry("gatewayFailedRoute", "civil.validate");
            assertThat(pmht.acceptedCount(maHoSo)).isZero();
            queueRefuses.set(false);
            pmht.clearFaults();
            gw.gateway().circuits().reset("pmht");
            // replayed as the console does: the original body, as a new message
            gw.send("civil.dossier.inbound", dead.text());
            gw.awaitState(maHoSo, "SENT");
            assertThat(pmht.acceptedCount(maHoSo)).isEqualTo(1);
        } finally {
            queueRefuses.set(false);
            pmht.clearFaults();
            gw.gateway().circuits().reset("pmht");
        }
    }

    @Test
    void everyMessageIsAccountedForExactlyOnce() throws Exception {
        String prefix = "H08.37.80-260705-";
        List<String> codes = new java.util.ArrayList<>();
        int n = 0;
        pmht.rejectDossier(prefix + "9003", "Hồ sơ không hợp lệ");
        for (int i = 0; i < 12; i++) {
            String c = prefix + (9000 + i);
            codes.add(c);
            Map<String, Object> d = Dossiers.birth(c);
            switch (i % 4) {
                case 1 -> Dossiers.data(d).remove("nycHoTen");                        // REJECTED
                case 2 -> Dossiers.data(d).put("meNoiCuTru", "Phường Điện Biên, Quận Ba Đình, Hà Nội"); // NEEDS_REVIEW
                default -> { }                                                       // SENT (9003: FAILED)
            }
            gw.send("civil.dossier.inbound", json(d));
            n++;
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> codes.stream().allMatch(c ->
                gw.gateway().ledger().stateOf(c).map(s -> List.of("SENT", "FAILED", "REJECTED", "NEEDS_REVIEW")
                        .contains(s.name())).orElse(false)));
        Map<String, Long> byState = new java.util.TreeMap<>();
        for (String c : codes) {
            byState.merge(gw.gateway().ledger().stateOf(c).orElseThrow().name(), 1L, Long::sum);
        }
        assertThat(byState).containsEntry("REJECTED", 3L).containsEntry("NEEDS_REVIEW", 3L)
                .containsEntry("FAILED", 1L).containsEntry("SENT", 5L);
        assertThat(byState.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(n);
    }

    private GatewayHarness.QueuedMessage awaitOn(String queue, String needle) {
        return gw.awaitQueued(queue, Duration.ofSeconds(30), m -> m.textContains(needle));
    }

    private static String reasonFor(List<GatewayHarness.QueuedMessage> messages, String needle) {
        return messages.stream().filter(m -> m.textContains(needle)).findFirst()
                .map(m -> m.properties().getOrDefault("gatewayReason", "") + " " + parse(m.text()).path("reason").asText())
                .orElse("<no invalid-queue entry containing " + needle + ">");
    }
}
