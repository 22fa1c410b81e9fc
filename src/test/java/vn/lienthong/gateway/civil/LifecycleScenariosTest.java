package vn.lienthong.gateway.civil;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.support.Dossiers.json;
import static vn.lienthong.gateway.support.Dossiers.parse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.lienthong.gateway.ledger.DossierView;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;

/** Seed 000's scenarios end to end in the sandbox: DVCLT simulator -> gateway -> PMHT simulator -> DVCLT sink. */
class LifecycleScenariosTest {

    static GatewayHarness gw;
    static final java.util.concurrent.atomic.AtomicInteger MODULE_SEQ = new java.util.concurrent.atomic.AtomicInteger(7000);
    static LifecycleSupport lc;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.start();
        lc = new LifecycleSupport(gw);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void th1BirthRegistrationEndsWithTheCertificateAndStatuses13745() throws Exception {
        String maHoSo = lc.scenario("TH1").path("maHoSo").asText();
        lc.pull();
        lc.awaitStatuses(maHoSo, 1, 3, 7);
        assertThat(lc.dvclt.acknowledged()).contains(maHoSo);

        lc.poll(); // PMHT 1: waiting
        lc.poll(); // PMHT 3: processing, not relayed
        gw.awaitState(maHoSo, "PROCESSING");
        lc.poll(); // PMHT 4: registered, certificate issued
        lc.awaitStatuses(maHoSo, 1, 3, 7, 4, 5);
        gw.awaitState(maHoSo, "RESULT_DELIVERED");
        lc.assertSettled(maHoSo, 1, 3, 7, 4, 5);

        // the DVCLT result update carries the registration facts and the certificate
        JsonNode four = parse(lc.dvclt.statusUpdates().stream().filter(u -> u.maHoSo().equals(maHoSo) && u.trangThai() == 4)
                .findFirst().orElseThrow().body());
        JsonNode result = parse(four.path("ketQuaXuLy").asText());
        assertThat(result.path("soDangKy").asText()).isNotBlank();
        assertThat(result.path("giayKhaiSinh").asText()).startsWith("JVBERi0"); // base64 of %PDF-
        for (String f : List.of("maTTHC", "soHoSoLT", "coQuanXuLy", "maHoSo", "thoiGianThucHien", "nguoiXuLy",
                "chucDanh", "phongBanXuLy", "noiDungXuLy", "ngayBatDau", "ngayKetThucTheoQuyDinh", "ngayHenTraMoi")) {
            assertThat(four.path(f).asText()).as(f).isNotBlank();
        }
        assertThat(four.path("thoiGianThucHien").asText()).matches("\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2}");
        assertThat(four.path("maTTHC").asText()).isEqualTo("1.001193");

        HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(gw.authorized(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + gw.gateway().config().httpPort() + "/api/dossiers/" + maHoSo + "/result"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(new String(pdf.body(), 0, 5)).isEqualTo("%PDF-");

        // the trail shows every step from intake to certificate
        DossierView view = gw.gateway().ledger().find(maHoSo).orElseThrow();
        // the pull records ENQUEUED once the dossier is durably on the queue, so intake may record RECEIVED first
        assertThat(view.trail()).extracting(e -> e.step() + ":" + e.outcome()).contains("dvclt-pull:ENQUEUED")
                .containsSubsequence("intake:RECEIVED", "validate:ACCEPTED", "dispatch:SENT", "pmht-poll:PROCESSING",
                        "result:STORED", "pmht-poll:REGISTERED", "dvclt-status:RESULT_DELIVERED");
        assertThat(view.trail()).filteredOn(e -> e.outcome().equals("RELAYED")).hasSize(5);
        HttpResponse<String> trail = gw.get("/api/dossiers/" + maHoSo);
        assertThat(trail.body()).doesNotContain("001195000099").doesNotContain("Trần Thị Thử");
    }

    @Test
    void dvclt01To03GivesOneThreeThenSeven() throws Exception {
        String maHoSo = lc.scenario("DVCLT_01-03").path("maHoSo").asText();
        lc.pull();
        lc.awaitStatuses(maHoSo, 1, 3, 7);
        lc.poll();
        lc.poll();
        lc.assertSettled(maHoSo, 1, 3, 7);
        assertThat(gw.gateway().ledger().stateOf(maHoSo).orElseThrow().name()).isEqualTo("SENT");
    }

    @Test
    void supplementationFlowComesOutExactlyAs1372376() throws Exception {
        String maHoSo = lc.scenario("1-3-7-2-3-7-6").path("maHoSo").asText();
        lc.pull();
        lc.awaitStatuses(maHoSo, 1, 3, 7);
        lc.poll(); // PMHT 2: supplementation requested; the simulated citizen answers with a new version
        lc.awaitStatuses(maHoSo, 1, 3, 7, 2);
        gw.awaitState(maHoSo, "SUPPLEMENT_REQUESTED");
        JsonNode two = parse(lc.dvclt.statusUpdates().stream().filter(u -> u.maHoSo().equals(maHoSo) && u.trangThai() == 2)
                .findFirst().orElseThrow().body());
        assertThat(two.path("hanBoSungHoSo").asText()).matches("\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2}");

        lc.poll(); // the same PMHT answer again: nothing relayed twice
        lc.pull(); // the supplemented version
        lc.awaitStatuses(maHoSo, 1, 3, 7, 2, 3, 7);
        assertThat(lc.pmht.acceptedCount(maHoSo)).isEqualTo(2);
        lc.poll(); // PMHT 3 (processing)
        lc.poll(); // PMHT 6 (rejected)
        lc.awaitStatuses(maHoSo, 1, 3, 7, 2, 3, 7, 6);
        gw.awaitState(maHoSo, "REFUSED");
        lc.assertSettled(maHoSo, 1, 3, 7, 2, 3, 7, 6);
        JsonNode six = parse(lc.dvclt.statusUpdates().stream().filter(u -> u.maHoSo().equals(maHoSo) && u.trangThai() == 6)
                .findFirst().orElseThrow().body());
        assertThat(six.path("ghiChu").asText()).contains("không đủ điều kiện");
    }

    @Test
    void rejectionFlowGives1376() throws Exception {
        String maHoSo = lc.scenario("rejection").path("maHoSo").asText();
        lc.pull();
        lc.awaitStatuses(maHoSo, 1, 3, 7);
        lc.poll();
        lc.awaitStatuses(maHoSo, 1, 3, 7, 6);
        gw.awaitState(maHoSo, "REFUSED");
        lc.assertSettled(maHoSo, 1, 3, 7, 6);
    }

    @Test
    void aDossierRejectedByValidationGets1Then6WithTheReasons() throws Exception {
        String maHoSo = "G22.99.08-261127-" + System.nanoTime() % 10000;
        Map<String, Object> d = Dossiers.birth(maHoSo);
        Dossiers.data(d).remove("nksHoTen");
        gw.post("/api/civil/dossiers", json(d));
        lc.awaitStatuses(maHoSo, 1, 6);
        JsonNode six = parse(lc.dvclt.statusUpdates().stream().filter(u -> u.maHoSo().equals(maHoSo) && u.trangThai() == 6)
                .findFirst().orElseThrow().body());
        assertThat(six.path("ghiChu").asText()).contains("data.nksHoTen");
        lc.assertSettled(maHoSo, 1, 6);
    }

    /**
     * Issue 17 item 4: every module the gateway pushes reaches its result with the certificate stored, not only
     * birth and death. The field is giayKhaiSinh/giayKhaiTu where DOMAIN.md F4 names it; for LTKH and the v1.0
     * modules no document does, and the PMHT simulator uses names of its own: the gateway takes the one PDF field
     * and records which.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"LTKT,giayKhaiTu,false", "LTKH,giayChungNhanKetHon,true", "HN,giayXacNhanTinhTrangHonNhan,true",
            "KH,giayChungNhanKetHon,true", "CMC,trichLucNhanChaMeCon,true", "LH,trichLucGhiChuLyHon,true",
            "GH,trichLucDangKyGiamHo,true", "TGH,trichLucChamDutGiamHo,true"})
    void everyPushedModuleEndsWithItsCertificateStored(String module, String field, boolean inferred) throws Exception {
        String maHoSo = String.format("G22.99.08-261203-%04d", MODULE_SEQ.incrementAndGet());
        Map<String, Object> d;
        if ("LTKT".equals(module)) {
            d = Dossiers.deathXml(maHoSo); // KT arrives, LTKT is pushed
        } else {
            d = Dossiers.birth(maHoSo);
            d.put("module", module);
            d.put("data", Map.of("ghiChu", "hồ sơ " + module));
        }
        assertThat(gw.post("/api/civil/dossiers", json(d)).statusCode()).isEqualTo(202);
        assertThat(gw.awaitState(maHoSo, "SENT").modulePushed()).isEqualTo(module);
        lc.poll(); // PMHT 1: waiting
        lc.poll(); // PMHT 3: processing
        lc.poll(); // PMHT 4: registered, certificate issued under the module's field
        gw.awaitState(maHoSo, "RESULT_DELIVERED");
        lc.assertSettled(maHoSo, 1, 3, 7, 4, 5);

        byte[] pdf = gw.gateway().bean("resultCertificates", ResultCertificates.class).certificate(maHoSo);
        assertThat(pdf).as("stored certificate").isNotNull();
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1)).contains(maHoSo);
        DossierView view = gw.gateway().ledger().find(maHoSo).orElseThrow();
        assertThat(view.trail()).filteredOn(e -> e.outcome().equals("STORED")).singleElement().satisfies(e -> {
            assertThat(e.reason()).startsWith(field + " stored");
            assertThat(e.reason().contains("field inferred")).as("field inferred").isEqualTo(inferred);
        });
        assertThat(view.trail()).noneMatch(e -> e.outcome().equals("ERROR"));
        // DVCLT's result update carries the certificate under the same field
        JsonNode four = parse(lc.dvclt.statusUpdates().stream().filter(u -> u.maHoSo().equals(maHoSo) && u.trangThai() == 4)
                .findFirst().orElseThrow().body());
        assertThat(parse(four.path("ketQuaXuLy").asText()).path(field).asText()).startsWith("JVBERi0");
    }
}
