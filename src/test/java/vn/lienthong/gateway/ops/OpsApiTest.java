package vn.lienthong.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.support.Dossiers.json;
import static vn.lienthong.gateway.support.Dossiers.parse;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.ledger.DossierView;
import vn.lienthong.gateway.sandbox.PmhtSimulator;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;

/** The console API on a real gateway: authentication, roles, dossier search, replay and discard without a browser. */
class OpsApiTest {

    static final String API_TOKEN = "ci-reader-token-0123456789";
    static GatewayHarness gw;
    static PmhtSimulator pmht;
    static ConsoleClient api;
    static String operator;
    static String viewer;
    static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.start(Map.of("CONSOLE_TOKENS", "ci-reader:viewer:" + PasswordHash.sha256Hex(API_TOKEN)));
        pmht = gw.gateway().bean("pmhtSimulator", PmhtSimulator.class);
        api = new ConsoleClient(gw);
        operator = api.login("operator", "operator");
        viewer = api.login("viewer", "viewer");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @BeforeEach
    void reset() {
        pmht.reset();
    }

    static String code() {
        return "G22.99.08-260714-" + String.format("%04d", SEQ.incrementAndGet());
    }

    @Test
    void theDossierListAndTheControlsNameTheFieldOfABadRequestAndNeedTheirRole() throws Exception {
        for (String path : new String[] {"/api/ops/dossiers", "/api/ops/charts", "/api/ops/upstreams", "/api/ops/schedules",
                "/api/ops/log-levels"}) {
            assertThat(api.get(path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(api.get(path, viewer).statusCode()).as(path).isEqualTo(200);
        }
        Map<String, String> bad = Map.of("state=DONE", "state", "from=12/03/2026", "from/to", "sort=ma_ho_so;drop", "sort",
                "size=5000", "page/size", "needs=everything", "needs", "code=%25%27", "code", "unit=a%20b", "unit");
        for (Map.Entry<String, String> b : bad.entrySet()) {
            HttpResponse<String> r = api.get("/api/ops/dossiers?" + b.getKey(), viewer);
            assertThat(r.statusCode()).as(b.getKey()).isEqualTo(400);
            assertThat(parse(r.body()).path("error").asText()).as(b.getKey()).startsWith(b.getValue() + ":");
        }
        String maHoSo = code();
        gw.post("/api/civil/dossiers", json(Dossiers.birth(maHoSo)));
        gw.awaitState(maHoSo, "SENT");
        var page = parse(api.get("/api/ops/dossiers?code=" + maHoSo.substring(9) + "&state=SENT&flow=civil", viewer).body());
        assertThat(page.path("total").asLong()).isEqualTo(1);
        assertThat(page.path("rows").get(0).path("maHoSo").asText()).isEqualTo(maHoSo);
        // a code fragment without dates looks at the last 7 days (no index serves "contains" at a million rows)
        assertThat(page.path("codeWindowDays").asInt()).isEqualTo(7);
        String today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh")).toString();
        var dated = parse(api.get("/api/ops/dossiers?code=" + maHoSo.substring(9) + "&from=" + today, viewer).body());
        assertThat(dated.has("codeWindowDays")).isFalse();
        assertThat(dated.path("total").asLong()).isEqualTo(1);
        assertThat(api.post("/api/ops/upstreams/pmht/pause", viewer, "{}").statusCode()).isEqualTo(403);
        assertThat(api.post("/api/ops/upstreams/nosuch/pause", operator, "{}").statusCode()).isEqualTo(404);
        assertThat(api.post("/api/ops/schedules/civil.dispatch/run", operator, "{}").statusCode()).isEqualTo(404);
        HttpResponse<String> level = api.post("/api/ops/log-level", operator, "{\"logger\":\"a b\",\"level\":\"LOUD\"}");
        assertThat(level.statusCode()).isEqualTo(400);
        assertThat(parse(level.body()).path("error").asText()).startsWith("logger/level:");
    }

    @Test
    void everyApiCallNeedsASessionOrTokenAndReplayNeedsTheOperatorRole() throws Exception {
        for (String path : new String[] {"/api/ops/me", "/api/ops/overview", "/api/ops/dossiers/X1",
                "/api/ops/queues/DLQ.civil.dispatch/messages", "/api/ops/audit"}) {
            assertThat(api.get(path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(api.get(path, "not-a-token").statusCode()).as(path).isEqualTo(401);
            assertThat(api.get(path, viewer).statusCode()).as(path).isIn(200, 404);
        }
        assertThat(api.post("/api/ops/queues/DLQ.civil.dispatch/messages/ID:x/replay", null, "{}").statusCode()).isEqualTo(401);
        HttpResponse<String> refused = api.post("/api/ops/queues/DLQ.civil.dispatch/messages/ID:x/replay", viewer, "{}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(parse(refused.body()).path("error").asText()).contains("only operators");
        assertThat(api.post("/api/ops/queues/civil.dossier.invalid/messages/ID:x/discard", viewer, "{\"reason\":\"x\"}")
                .statusCode()).isEqualTo(403);

        HttpResponse<String> wrong = api.post("/api/ops/login", null, "{\"user\":\"operator\",\"password\":\"nope\"}");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("nope");
        assertThat(api.post("/api/ops/login", null, "{\"user\":\"mallory\",\"password\":\"operator\"}").statusCode()).isEqualTo(401);
        assertThat(api.post("/api/ops/login", null, "not json").statusCode()).isEqualTo(400);

        // a static API token reads, and is refused replay like any viewer
        assertThat(parse(api.get("/api/ops/me", API_TOKEN).body()).path("user").asText()).isEqualTo("ci-reader");
        assertThat(api.post("/api/ops/queues/DLQ.civil.dispatch/messages/ID:x/replay", API_TOKEN, "{}").statusCode()).isEqualTo(403);

        // logout ends the session
        String session = api.login("viewer", "viewer");
        assertThat(api.get("/api/ops/me", session).statusCode()).isEqualTo(200);
        api.post("/api/ops/logout", session, null);
        assertThat(api.get("/api/ops/me", session).statusCode()).isEqualTo(401);

        // the console may not be used to read other queues
        assertThat(api.get("/api/ops/queues/civil.dossier.dispatch/messages", operator).statusCode()).isEqualTo(404);
    }

    /** A login POST written byte for byte on a socket bound to {@code from} (another loopback address is another client). */
    static int rawLogin(String from, String user, String password, String extraHeaders) throws Exception {
        byte[] body = json(Map.of("user", user, "password", password)).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", gw.gateway().config().httpPort()), 5000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/ops/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + extraHeaders
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    void aGuessingClientIsRefusedWithoutLockingTheOperatorOut() throws Exception {
        String attacker = "127.0.0.2";
        for (int i = 0; i < ConsoleAuth.MAX_FAILURES; i++) {
            // a forged X-Forwarded-For does not make the attacker a new client (no trusted proxy is configured)
            assertThat(rawLogin(attacker, "operator", "guess-" + i, "X-Forwarded-For: 198.51.100." + i + "\r\n")).isEqualTo(401);
        }
        assertThat(rawLogin(attacker, "operator", "operator", "")).isEqualTo(429);
        assertThat(rawLogin(attacker, "viewer", "viewer", "X-Forwarded-For: 198.51.100.77\r\n")).isEqualTo(429);
        // the operator, from another address, still gets in
        assertThat(rawLogin("127.0.0.1", "operator", "operator", "")).isEqualTo(200);
        assertThat(api.login("operator", "operator")).isNotBlank();
    }

    @Test
    void theConsolePageIsServedWithItsEnvironment() throws Exception {
        HttpResponse<String> page = api.get("/console/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
        assertThat(page.body()).contains("data-env=\"sandbox\"").contains("env-sandbox");
        assertThat(api.get("/console/console.js", null).body()).contains("/api/ops/login");
        assertThat(api.get("/console", null).statusCode()).isEqualTo(302);
        assertThat(api.get("/console/nothing.html", null).statusCode()).isEqualTo(404);
        // refused before routing: an encoded '/' is never a path (ApiPathTricksTest)
        assertThat(api.get("/console/..%2Fpom.xml", null).statusCode()).isEqualTo(400);
    }

    @Test
    void dossierSearchShowsStateTrailAndMaskedPayloadVersions() throws Exception {
        String maHoSo = code();
        gw.post("/api/civil/dossiers", json(Dossiers.birth(maHoSo)));
        gw.awaitState(maHoSo, "SENT");
        Map<String, Object> changed = Dossiers.birth(maHoSo);
        Dossiers.data(changed).put("nksHoTen", "Nguyễn Văn Thử Hai");
        gw.post("/api/civil/dossiers", json(changed));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pmht.acceptedCount(maHoSo) == 2);

        HttpResponse<String> r = api.get("/api/ops/dossiers/" + maHoSo, viewer);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = parse(r.body());
        assertThat(body.path("dossier").path("state").asText()).isEqualTo("SENT");
        assertThat(body.path("dossier").path("trail").findValuesAsText("outcome")).containsSubsequence("RECEIVED", "ACCEPTED", "SENT");
        assertThat(body.path("payloads")).hasSize(2);
        JsonNode first = parse(body.path("payloads").get(0).path("payload").asText());
        assertThat(first.path("data").path("meSoGiayToTuyThan").asText()).isEqualTo("00********77");
        assertThat(first.path("data").path("nksHoTen").asText()).startsWith("Ng").endsWith("ử").contains("*");
        // birth dates are personal too; what is not personal stays readable
        assertThat(first.path("data").path("nksNgaySinh").asText()).isEqualTo("05******26");
        assertThat(first.path("data").path("nksQuocTich").asText()).isEqualTo("VN");
        assertThat(first.path("fileDinhKem").get(0).path("duLieuTepDinhKem").asText()).contains("not kept");
        assertThat(r.body()).doesNotContain("001195000077").doesNotContain("0912345678").doesNotContain("Trần Thị Mẫu")
                .doesNotContain("Nguyễn Văn Thử");
        assertThat(body.path("resultUrl").isNull()).isTrue();

        assertThat(api.get("/api/ops/dossiers/NO-SUCH-CODE", viewer).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/ops/dossiers/" + ConsoleClient.path("bad code!"), viewer).statusCode()).isEqualTo(400);
    }

    @Test
    void aDeadLetteredPushIsReplayedByAnOperatorAndDelivered() throws Exception {
        String maHoSo = code();
        pmht.failNext(5, PmhtSimulator.Fault.HTTP_500); // the push at once, then RETRY_MAX=4 in the harness
        gw.post("/api/civil/dossiers", json(Dossiers.birth(maHoSo)));
        JsonNode entry = awaitMessage("DLQ.civil.dispatch", maHoSo);
        assertThat(entry.path("cause").asText()).contains("HTTP 500");
        assertThat(entry.path("replayTo").asText()).isEqualTo("civil.dossier.dispatch");
        assertThat(entry.path("editable").asBoolean()).isFalse();
        assertThat(entry.path("body").asText()).contains(maHoSo).doesNotContain("001195000077").doesNotContain("Trần Thị Mẫu");

        JsonNode overview = parse(api.get("/api/ops/overview", viewer).body());
        assertThat(overview.path("queues").findValuesAsText("name")).contains("DLQ.civil.dispatch", "civil.dossier.invalid");
        JsonNode dlq = null;
        for (JsonNode q : overview.path("queues")) {
            if (q.path("name").asText().equals("DLQ.civil.dispatch")) {
                dlq = q;
            }
        }
        assertThat(dlq.path("depth").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(overview.path("queues").findValuesAsText("name")).noneMatch(n -> n.matches("[0-9a-f-]{36}"));
        assertThat(overview.path("queues").findValues("depth")).allSatisfy(n -> assertThat(n.asLong()).isNotNegative());
        assertThat(overview.path("flows").get(0).path("counts").path("ACCEPTED").asLong()).isGreaterThanOrEqualTo(1);

        String id = entry.path("id").asText();
        String path = "/api/ops/queues/DLQ.civil.dispatch/messages/" + ConsoleClient.path(id) + "/replay";
        assertThat(api.post(path, viewer, "{}").statusCode()).isEqualTo(403);
        assertThat(api.post(path, operator, "{\"payload\":\"{}\"}").statusCode()).as("no edits where nothing re-checks").isEqualTo(400);
        HttpResponse<String> replayed = api.post(path, operator, "{\"note\":\"PMHT back up\"}");
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(parse(replayed.body()).path("replayedTo").asText()).isEqualTo("civil.dossier.dispatch");

        DossierView view = gw.awaitState(maHoSo, "SENT");
        assertThat(pmht.acceptedCount(maHoSo)).isEqualTo(1);
        assertThat(view.trail()).anySatisfy(e -> {
            assertThat(e.step()).isEqualTo("operator");
            assertThat(e.outcome()).isEqualTo("REPLAYED");
            assertThat(e.reason()).contains("by operator").contains("PMHT back up");
        });
        assertThat(gw.browse("DLQ.civil.dispatch")).noneMatch(m -> m.text().contains(maHoSo));
        assertThat(api.post(path, operator, "{}").statusCode()).as("already replayed").isEqualTo(404);
        JsonNode audit = parse(api.get("/api/ops/audit", viewer).body()).path("entries");
        assertThat(audit.findValuesAsText("maHoSo")).contains(maHoSo);
        assertThat(audit.findValuesAsText("operator")).contains("operator");
    }

    @Test
    void anInvalidEntryIsDiscardedWithAReasonRecordedInTheTrail() throws Exception {
        String maHoSo = code();
        Map<String, Object> d = Dossiers.birth(maHoSo);
        Dossiers.data(d).remove("nycHoTen");
        gw.send("civil.dossier.inbound", json(d));
        gw.awaitState(maHoSo, "REJECTED");
        JsonNode entry = awaitMessage("civil.dossier.invalid", maHoSo);
        assertThat(entry.path("reason").asText()).contains("nycHoTen");
        String path = "/api/ops/queues/civil.dossier.invalid/messages/" + ConsoleClient.path(entry.path("id").asText()) + "/discard";
        assertThat(api.post(path, operator, "{}").statusCode()).isEqualTo(400);
        assertThat(api.post(path, operator, "{\"reason\":\"  \"}").statusCode()).isEqualTo(400);
        HttpResponse<String> r = api.post(path, operator, "{\"reason\":\"citizen withdrew the application\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(api.messages("civil.dossier.invalid", viewer).findValuesAsText("maHoSo")).doesNotContain(maHoSo);
        DossierView view = gw.gateway().ledger().find(maHoSo).orElseThrow();
        assertThat(view.state()).isEqualTo("REJECTED");
        assertThat(view.trail()).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo("DISCARDED");
            assertThat(e.reason()).contains("by operator").contains("citizen withdrew");
        });
        assertThat(api.post(path, operator, "{\"reason\":\"again\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void anInvalidDossierFixedInTheConsoleIsValidatedAgainAndPushedWithItsRealPersonalData() throws Exception {
        String maHoSo = code();
        Map<String, Object> d = Dossiers.birth(maHoSo);
        Dossiers.data(d).remove("nycHoTen");
        gw.send("civil.dossier.inbound", json(d));
        gw.awaitState(maHoSo, "REJECTED");
        JsonNode entry = awaitMessage("civil.dossier.invalid", maHoSo);
        assertThat(entry.path("editable").asBoolean()).isTrue();
        assertThat(entry.path("replayTo").asText()).isEqualTo("civil.dossier.inbound");
        // the operator sees the dossier masked, adds the missing field and replays
        ObjectNode shown = (ObjectNode) parse(entry.path("replayBody").asText());
        assertThat(shown.path("data").path("meSoGiayToTuyThan").asText()).isEqualTo("00********77");
        ((ObjectNode) shown.path("data")).put("nycHoTen", "Trần Thị Mẫu");
        String path = "/api/ops/queues/civil.dossier.invalid/messages/" + ConsoleClient.path(entry.path("id").asText()) + "/replay";
        assertThat(api.post(path, operator, json(Map.of("payload", "[1]"))).statusCode()).isEqualTo(400);
        HttpResponse<String> r = api.post(path, operator, json(Map.of("payload", shown.toString())));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        gw.awaitState(maHoSo, "SENT");
        JsonNode pushed = parse(parse(pmht.accepted().get(0).body()).path("data").asText());
        assertThat(pushed.toString()).contains("001195000077").doesNotContain("**");
        assertThat(gw.gateway().ledger().find(maHoSo).orElseThrow().trail())
                .anySatisfy(e -> assertThat(e.reason()).contains("after an edit"));
    }

    private JsonNode awaitMessage(String queue, String maHoSo) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                find(api.messages(queue, viewer), maHoSo) != null);
        try {
            return find(api.messages(queue, viewer), maHoSo);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode find(JsonNode messages, String maHoSo) {
        for (JsonNode m : messages) {
            if (maHoSo.equals(m.path("maHoSo").asText())) {
                return m;
            }
        }
        return null;
    }
}
