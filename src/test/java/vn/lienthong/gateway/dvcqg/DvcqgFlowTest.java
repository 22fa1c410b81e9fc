package vn.lienthong.gateway.dvcqg;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.sandbox.DvcqgSimulator;
import vn.lienthong.gateway.sandbox.DvcqgSimulator.Endpoint;
import vn.lienthong.gateway.sandbox.DvcqgSimulator.Fault;
import vn.lienthong.gateway.support.GatewayHarness;

/** The DVCQG flow end to end: real gateway, broker, database, routes, and the security-server simulator over HTTP. */
class DvcqgFlowTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OFFICER_ID = "001085000111";
    static GatewayHarness gw;
    static DvcqgSimulator sim;
    static String ss;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.start();
        sim = gw.gateway().bean("dvcqgSimulator", DvcqgSimulator.class);
        ss = "http://127.0.0.1:" + sim.port();
        // the empty catalogue is filled at start
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> JSON.readTree(gw.get("/api/dvcqg/catalogue").body()).path("entries").asInt() == 8);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @BeforeEach
    void resetSimulator() {
        sim.reset();
    }

    static Map<String, Object> request(String kenh, String... codes) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("MaThuTuc", DvcqgSimulator.PROCEDURE);
        List<Map<String, String>> list = new ArrayList<>();
        for (String c : codes) {
            list.add(Map.of("MaKetQua", c, "SoKyHieu", ""));
        }
        r.put("DanhSachDanhMucKetQua", list);
        r.put("SoDinhDanhChuSoHuu", DvcqgSimulator.SANDBOX_CITIZEN);
        r.put("HoTenNguoiYeuCau", "Cán Bộ Một Cửa");
        r.put("KenhThucHien", kenh);
        r.put("SoDinhDanhNguoiYeuCau", OFFICER_ID);
        return r;
    }

    static Map<String, Object> fullRequest() {
        return request("1", "000.00.00.G01-KQ0266", "000.00.00.G02-KQ0685", "000.00.00.G40-KQ0686");
    }

    static String json(Object o) throws Exception {
        return JSON.writeValueAsString(o);
    }

    static JsonNode group(JsonNode answer, String maKetQua) {
        for (JsonNode r : answer.path("results")) {
            if (r.path("MaKetQua").asText().equals(maKetQua)) {
                return r;
            }
        }
        throw new AssertionError("no group " + maKetQua + " in " + answer);
    }

    @Test
    void lookupReturnsTheCitizensPapersGroupedWithWorkingDownloadLinks() throws Exception {
        HttpResponse<String> r = gw.post("/api/dvcqg/papers", json(fullRequest()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode a = JSON.readTree(r.body());
        assertThat(a.path("status").asText()).isEqualTo("OK");
        assertThat(a.path("papers").asInt()).isEqualTo(4);

        // the seed's V.2 sample papers, unchanged: two with the same MaKetQua, both kept, offered as a choice
        JsonNode birth = group(a, "000.00.00.G01-KQ0266");
        assertThat(birth.path("choiceRequired").asBoolean()).isTrue();
        assertThat(birth.path("DanhSachGiayToKetQua").findValuesAsText("SoKyHieu")).containsExactly("123456", "A098888");
        // stored by "G22.99", whose level-1 server is not in the seed's V.1 catalogue: not downloadable, with the reason
        for (JsonNode paper : birth.path("DanhSachGiayToKetQua")) {
            JsonNode file = paper.path("DanhSachTepDinhKem").get(0);
            assertThat(file.path("downloadable").asBoolean()).isFalse();
            assertThat(file.path("reason").asText()).contains("G22.99").contains("not in the security-server catalogue");
            assertThat(file.has("link")).isFalse();
        }

        // a paper stored by Hà Giang with the seed's V.3 case-1 and case-2 links
        JsonNode hagiang = group(a, "000.00.00.G40-KQ0686").path("DanhSachGiayToKetQua").get(0).path("DanhSachTepDinhKem");
        JsonNode case1 = hagiang.get(0);
        assertThat(case1.path("link").asText()).isEqualTo(ss + "/VXPAdapter/RestService/forward/download/124.pdf?dstcode="
                + DvcqgSimulator.HAGIANG_DSTCODE + "&providerurl=" + DvcqgSimulator.HAGIANG_PROVIDER);
        assertThat(case1.path("TenTep").asText()).isEqualTo("124.pdf");
        JsonNode case2 = hagiang.get(1);
        assertThat(case2.path("linkCase").asText()).isEqualTo(DownloadLinks.CASE_SS_LINK);
        assertThat(case2.path("link").asText()).isEqualTo(ss + "/VXPAdapter/RestService/forward/download/124.pdf?dstcode="
                + DvcqgSimulator.HAGIANG_DSTCODE + "&providerurl=" + DvcqgSimulator.HAGIANG_PROVIDER);

        // a paper stored by a ministry's unit: served by the ministry's security server, two files
        JsonNode moit = group(a, "000.00.00.G02-KQ0685");
        assertThat(moit.path("choiceRequired").asBoolean()).isFalse();
        JsonNode moitFiles = moit.path("DanhSachGiayToKetQua").get(0).path("DanhSachTepDinhKem");
        assertThat(moitFiles).hasSize(2);
        assertThat(moitFiles.findValuesAsText("dstcode")).containsOnly(DvcqgSimulator.MOIT_DSTCODE);

        assertThat(a.path("downloadableFiles").asInt()).isEqualTo(4);
        assertThat(a.path("notDownloadableFiles").asInt()).isEqualTo(2);
        assertThat(r.body()).doesNotContain(DvcqgSimulator.SANDBOX_CITIZEN).doesNotContain(OFFICER_ID);

        // every built link downloads the file's bytes from the security server, directly and through the gateway
        for (JsonNode file : List.of(case1, case2, moitFiles.get(0), moitFiles.get(1))) {
            String link = file.path("link").asText();
            HttpResponse<byte[]> direct = http.send(HttpRequest.newBuilder(URI.create(link)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(direct.statusCode()).as(link).isEqualTo(200);
            String provider = file.path("providerurl").asText();
            String path = link.substring((ss + "/VXPAdapter/RestService/forward").length(), link.indexOf('?'));
            assertThat(direct.body()).isEqualTo(sim.fileBytes(provider, path));

            HttpResponse<byte[]> proxied = http.send(gw.authorized(HttpRequest.newBuilder(URI.create(gwUrl(file.path("gatewayDownload").asText()))))
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(proxied.statusCode()).isEqualTo(200);
            assertThat(proxied.headers().firstValue("Content-Type")).hasValue("application/pdf");
            assertThat(proxied.body()).isEqualTo(sim.fileBytes(provider, path));
        }
    }

    @Test
    void downloadsRefuseWrongDstcodeAndForeignLinks() throws Exception {
        assertThat(gw.post("/api/dvcqg/papers", json(fullRequest())).statusCode()).isEqualTo(200);
        String wrong = ss + "/VXPAdapter/RestService/forward/download/124.pdf?dstcode=" + DvcqgSimulator.MOIT_DSTCODE
                + "&providerurl=" + DvcqgSimulator.HAGIANG_PROVIDER;
        HttpResponse<String> direct = http.send(HttpRequest.newBuilder(URI.create(wrong)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode()).isEqualTo(400);
        // the gateway does not even ask: Hà Giang's provider was never given for the ministry's member code
        HttpResponse<String> proxied = gw.get("/api/dvcqg/files?link=" + enc(wrong));
        assertThat(proxied.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(proxied.body()).path("message").asText()).contains("providerurl was not given for this dstcode");

        // a link of the right shape whose file the security server does not have: its refusal is passed on
        String missing = ss + "/VXPAdapter/RestService/forward/download/999.pdf?dstcode=" + DvcqgSimulator.HAGIANG_DSTCODE
                + "&providerurl=" + DvcqgSimulator.HAGIANG_PROVIDER;
        HttpResponse<String> refused = gw.get("/api/dvcqg/files?link=" + enc(missing));
        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(refused.body()).path("error").asText()).isEqualTo("DOWNLOAD_REFUSED");

        HttpResponse<String> foreign = gw.get("/api/dvcqg/files?link=" + enc("http://169.254.169.254/latest/meta-data"));
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.body()).contains("link must start with");
        assertThat(gw.get("/api/dvcqg/files").statusCode()).isEqualTo(400);
    }

    /**
     * The download is not an open proxy through the province's security server: every bypass is answered 400 by the
     * gateway, and the security server never sees the request. Sent through the real HTTP server, bytes as written.
     */
    @Test
    void downloadBypassesNeverReachTheSecurityServer() throws Exception {
        assertThat(gw.post("/api/dvcqg/papers", json(fullRequest())).statusCode()).isEqualTo(200);
        String base = ss + "/VXPAdapter/RestService/forward";
        String hagiang = "dstcode=" + DvcqgSimulator.HAGIANG_DSTCODE + "&providerurl=" + DvcqgSimulator.HAGIANG_PROVIDER;
        String gatewayItself = "http://127.0.0.1:" + gw.gateway().config().httpPort();
        Map<String, String> bypasses = new LinkedHashMap<>();
        bypasses.put(base + "/download/124.pdf?dstcode=" + DvcqgSimulator.HAGIANG_DSTCODE + "&providerurl=" + gatewayItself,
                "providerurl was not given");
        bypasses.put(base + "/download/124.pdf?dstcode=VN:GOV:000.00.00.X99:internal&providerurl=" + DvcqgSimulator.HAGIANG_PROVIDER,
                "not a member of the security-server catalogue");
        bypasses.put(base + "/download/124.pdf?" + hagiang + "&providerurl=" + gatewayItself, "once");
        bypasses.put(base + "/download/124.pdf?" + hagiang + "&PROVIDERURL=" + gatewayItself, "once");
        bypasses.put(base + "/download/124.pdf?" + hagiang + "&provider%75rl=" + gatewayItself, "once");
        bypasses.put(base + "/%2e%2e/%2e%2e/XrdAdapter/RestService/forward/mapi/call?" + hagiang, "'..' segments");
        bypasses.put(base + "/download/%2E%2E/%2E%2E/admin?" + hagiang, "'..' segments");
        bypasses.put(base + "/download/..;/..;/admin?" + hagiang, "'..' segments");
        bypasses.put(base + "/download/%252e%252e/%252e%252e/admin?" + hagiang, "'..' segments");
        bypasses.put(base + "/download%2f..%2f..%2fadmin?" + hagiang, "'..' segments");
        bypasses.put(base + "/download\\..\\..\\admin?" + hagiang, "'..' segments");
        int before = sim.calls(Endpoint.DOWNLOAD);
        for (Map.Entry<String, String> b : bypasses.entrySet()) {
            HttpResponse<String> r = gw.get("/api/dvcqg/files?link=" + enc(b.getKey()));
            assertThat(r.statusCode()).as(b.getKey()).isEqualTo(400);
            JsonNode a = JSON.readTree(r.body());
            assertThat(a.path("error").asText()).isEqualTo("INVALID_REQUEST");
            assertThat(a.path("message").asText()).as(b.getKey()).startsWith("link: ").contains(b.getValue());
        }
        assertThat(sim.calls(Endpoint.DOWNLOAD)).as("requests that reached the security server").isEqualTo(before);
        // and the link the answer gave still works
        HttpResponse<byte[]> ok = http.send(gw.authorized(HttpRequest.newBuilder(URI.create(gwUrl("/api/dvcqg/files?link="
                + enc(base + "/download/124.pdf?" + hagiang))))).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(sim.calls(Endpoint.DOWNLOAD)).isEqualTo(before + 1);
    }

    @Test
    void theTokenIsReusedAcrossLookups() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(gw.post("/api/dvcqg/papers", json(fullRequest())).statusCode()).isEqualTo(200);
        }
        assertThat(sim.logins()).as("the token from the start-up login is still valid").isZero();
        assertThat(sim.papersAuthorizations()).hasSize(5);
        assertThat(sim.papersAuthorizations().stream().distinct().count()).isEqualTo(1);
    }

    @Test
    void aRefusedTokenIsRefreshedOnceAndSharedByConcurrentCallers() throws Exception {
        sim.expireTokens();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(() -> gw.post("/api/dvcqg/papers", json(fullRequest())).statusCode());
            }
            for (Future<Integer> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(sim.logins()).as("one login for every caller that saw the refusal").isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            assertThat(gw.post("/api/dvcqg/papers", json(fullRequest())).statusCode()).isEqualTo(200);
        }
        assertThat(sim.logins()).isEqualTo(1);
    }

    @Test
    void dvcqgErrorCodeIsAClearErrorAnswer() throws Exception {
        sim.failNext(Endpoint.PAPERS, 1, Fault.ERROR_CODE);
        HttpResponse<String> r = gw.post("/api/dvcqg/papers", json(fullRequest()));
        assertThat(r.statusCode()).isEqualTo(502);
        JsonNode a = JSON.readTree(r.body());
        assertThat(a.path("error").asText()).isEqualTo("DVCQG_ERROR");
        assertThat(a.path("message").asText()).contains("-1").contains("bảo trì");
        assertThat(a.path("dvcqg").path("errorCode").asText()).isEqualTo("-1");
    }

    @Test
    void dvcqgDownIsAnUnavailableAnswer() throws Exception {
        sim.failNext(Endpoint.PAPERS, 1, Fault.DOWN);
        HttpResponse<String> r = gw.post("/api/dvcqg/papers", json(fullRequest()));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("DVCQG_UNAVAILABLE");
        sim.failNext(Endpoint.PAPERS, 1, Fault.GARBAGE);
        HttpResponse<String> garbage = gw.post("/api/dvcqg/papers", json(fullRequest()));
        assertThat(garbage.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(garbage.body()).path("error").asText()).isEqualTo("DVCQG_BAD_ANSWER");
        assertThat(gw.post("/api/dvcqg/papers", json(fullRequest())).statusCode()).isEqualTo(200);
    }

    @Test
    void channelRulesAndProcedureCodesAreCheckedBeforeCallingDvcqg() throws Exception {
        Map<String, Object> inPerson = fullRequest();
        inPerson.remove("SoDinhDanhNguoiYeuCau");
        inPerson.put("HoTenNguoiYeuCau", " ");
        HttpResponse<String> r = gw.post("/api/dvcqg/papers", json(inPerson));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode a = JSON.readTree(r.body());
        assertThat(a.path("problems").findValuesAsText("field")).containsExactlyInAnyOrder("SoDinhDanhNguoiYeuCau", "HoTenNguoiYeuCau");
        assertThat(a.path("problems").get(0).path("reason").asText()).contains("KenhThucHien is 1");

        Map<String, Object> postal = fullRequest();
        postal.put("KenhThucHien", "3");
        postal.remove("HoTenNguoiYeuCau");
        assertThat(gw.post("/api/dvcqg/papers", json(postal)).statusCode()).isEqualTo(400);

        Map<String, Object> online = fullRequest();
        online.put("KenhThucHien", "2");
        online.remove("HoTenNguoiYeuCau");
        online.remove("SoDinhDanhNguoiYeuCau");
        assertThat(gw.post("/api/dvcqg/papers", json(online)).statusCode()).isEqualTo(200);

        // a procedure the mapping does not list goes to DVCQG, which refuses codes of another procedure (seed 002 V.3)
        Map<String, Object> unknownProcedure = fullRequest();
        unknownProcedure.put("MaThuTuc", "9.999999");
        HttpResponse<String> u = gw.post("/api/dvcqg/papers", json(unknownProcedure));
        assertThat(u.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(u.body()).path("dvcqg").path("message").asText()).contains("không hợp lệ");

        HttpResponse<String> foreignCode = gw.post("/api/dvcqg/papers", json(request("1", "000.00.00.G15-KQ0001")));
        assertThat(foreignCode.statusCode()).isEqualTo(400);
        assertThat(foreignCode.body()).contains("DanhSachDanhMucKetQua[0].MaKetQua").contains("does not belong to procedure");

        assertThat(gw.post("/api/dvcqg/papers", "not json").statusCode()).isEqualTo(400);
        assertThat(sim.calls(Endpoint.PAPERS)).as("only the online request and the unmapped procedure reached DVCQG")
                .isEqualTo(2);
    }

    @Test
    void aFailedCatalogueRefreshKeepsThePreviousCatalogue() throws Exception {
        sim.failNext(Endpoint.CATALOGUE, 1, Fault.DOWN);
        HttpResponse<String> r = gw.post("/api/dvcqg/catalogue/refresh", "");
        assertThat(r.statusCode()).isEqualTo(502);
        JsonNode report = JSON.readTree(r.body());
        assertThat(report.path("status").asText()).isEqualTo("FAILED");
        assertThat(report.path("reason").asText()).contains("502");
        assertThat(report.path("keptEntries").asInt()).isEqualTo(8);

        sim.failNext(Endpoint.CATALOGUE, 1, Fault.GARBAGE);
        HttpResponse<String> garbage = gw.post("/api/dvcqg/catalogue/refresh", "");
        assertThat(garbage.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(garbage.body()).path("reason").asText()).contains("not a JSON object");

        JsonNode view = JSON.readTree(gw.get("/api/dvcqg/catalogue").body());
        assertThat(view.path("entries").asInt()).isEqualTo(8);
        assertThat(view.path("refreshes").get(0).path("outcome").asText()).isEqualTo("FAILED");
        assertThat(view.path("refreshes").get(0).path("trigger").asText()).isEqualTo("manual");
        // lookups still build links from the kept catalogue
        JsonNode a = JSON.readTree(gw.post("/api/dvcqg/papers", json(fullRequest())).body());
        assertThat(a.path("downloadableFiles").asInt()).isEqualTo(4);

        HttpResponse<String> ok = gw.post("/api/dvcqg/catalogue/refresh", "");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).path("status").asText()).isEqualTo("REFRESHED");
    }

    @Test
    void papersRequestReplyOverJmsKeepsTheCorrelationId() throws Exception {
        try (Connection c = gw.gateway().connectionFactory().createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            TemporaryQueue replies = s.createTemporaryQueue();
            MessageProducer p = s.createProducer(s.createQueue("dvcqg.papers.request"));
            MessageConsumer consumer = s.createConsumer(replies);

            TextMessage ok = s.createTextMessage(json(fullRequest()));
            ok.setJMSReplyTo(replies);
            ok.setJMSCorrelationID("mcdt-lookup-42");
            p.send(ok);
            Message reply = consumer.receive(20_000);
            assertThat(reply).isNotNull();
            assertThat(reply.getJMSCorrelationID()).isEqualTo("mcdt-lookup-42");
            assertThat(reply.getStringProperty("dvcqgStatus")).isEqualTo("OK");
            JsonNode a = JSON.readTree(((TextMessage) reply).getText());
            assertThat(group(a, "000.00.00.G01-KQ0266").path("count").asInt()).isEqualTo(2);

            Map<String, Object> badRequest = fullRequest();
            badRequest.put("KenhThucHien", "7");
            TextMessage bad = s.createTextMessage(json(badRequest));
            bad.setJMSReplyTo(replies);
            bad.setJMSCorrelationID("mcdt-lookup-43");
            p.send(bad);
            Message badReply = consumer.receive(20_000);
            assertThat(badReply.getJMSCorrelationID()).isEqualTo("mcdt-lookup-43");
            assertThat(badReply.getStringProperty("dvcqgStatus")).isEqualTo("INVALID");
            assertThat(((TextMessage) badReply).getText()).contains("KenhThucHien");

            sim.failNext(Endpoint.PAPERS, 1, Fault.ERROR_CODE);
            TextMessage failing = s.createTextMessage(json(fullRequest()));
            failing.setJMSReplyTo(replies);
            failing.setJMSCorrelationID("mcdt-lookup-44");
            p.send(failing);
            Message errorReply = consumer.receive(20_000);
            assertThat(errorReply.getJMSCorrelationID()).isEqualTo("mcdt-lookup-44");
            assertThat(errorReply.getStringProperty("dvcqgStatus")).isEqualTo("ERROR");
            assertThat(errorReply.getStringProperty("dvcqgHttpStatus")).isEqualTo("502");

            // no JMSReplyTo: the answer goes to dvcqg.papers.reply with the request's message id as correlation id
            TextMessage noReplyTo = s.createTextMessage(json(fullRequest()));
            p.send(noReplyTo);
            String id = noReplyTo.getJMSMessageID();
            MessageConsumer fixed = s.createConsumer(s.createQueue("dvcqg.papers.reply"), "JMSCorrelationID = '" + id + "'");
            Message fixedReply = fixed.receive(20_000);
            assertThat(fixedReply).isNotNull();
            assertThat(fixedReply.getStringProperty("dvcqgStatus")).isEqualTo("OK");
        }
    }

    private String gwUrl(String path) {
        return "http://127.0.0.1:" + gw.gateway().config().httpPort() + path;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
