package vn.lienthong.gateway.dvcqg;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.lienthong.gateway.sandbox.DvcqgSimulator;
import vn.lienthong.gateway.sandbox.DvcqgSimulator.Endpoint;
import vn.lienthong.gateway.support.GatewayHarness;

/**
 * Seed 002 V.3 ("các mã kết quả cần tìm kiếm phải ứng với thủ tục đang xử lý nếu không hệ thống API DVCQG sẽ báo lỗi
 * không hợp lệ") with the province's own mapping (seed 002 II): a procedure the file lists is checked by the gateway,
 * any other goes to DVCQG, which validates; operators reload the file through the console's API. Real gateway,
 * simulator and HTTP server.
 */
class ProcedureResultsReloadTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String NAME = "dvcqg-procedure-results";
    static final String RELOAD = "/api/ops/reload/" + NAME;
    static final String HEADER = "MaThuTuc,MaKetQua,TenKetQua,CanSoKyHieu,nguon\n";
    /** A province's file: one procedure of its own, not the seed's example procedure. */
    static final String PROVINCE_FILE = HEADER + "2.000488,KQ.G15.000007,Phiếu lý lịch tư pháp số 1,0,CSDL TTHC\n";

    @TempDir
    static Path dir;
    static Path file;
    static GatewayHarness gw;
    static DvcqgSimulator sim;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        file = dir.resolve("procedure-results.csv");
        Files.writeString(file, PROVINCE_FILE, StandardCharsets.UTF_8);
        gw = GatewayHarness.start(Map.of("DVCQG_PROCEDURE_RESULTS_FILE", file.toString()));
        sim = gw.gateway().bean("dvcqgSimulator", DvcqgSimulator.class);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @BeforeEach
    void reset() throws Exception {
        sim.reset();
        Files.writeString(file, PROVINCE_FILE, StandardCharsets.UTF_8);
        assertThat(reload(login("operator")).statusCode()).isEqualTo(200);
    }

    static String lookup(String procedure, String... codes) throws Exception {
        List<Map<String, String>> list = java.util.Arrays.stream(codes).map(c -> Map.of("MaKetQua", c, "SoKyHieu", "")).toList();
        return JSON.writeValueAsString(Map.of("MaThuTuc", procedure, "DanhSachDanhMucKetQua", list,
                "SoDinhDanhChuSoHuu", DvcqgSimulator.SANDBOX_CITIZEN, "KenhThucHien", "2"));
    }

    @Test
    void aProcedureTheFileDoesNotListGoesToDvcqgWhichValidates() throws Exception {
        // the seed's procedure is not in the province's file: answered by DVCQG, not refused locally
        HttpResponse<String> ok = gw.post("/api/dvcqg/papers", lookup(DvcqgSimulator.PROCEDURE, "000.00.00.G01-KQ0266"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).path("papers").asInt()).isEqualTo(2);

        // a code of another procedure: DVCQG says it is not valid, and the caller gets DVCQG's words
        HttpResponse<String> foreign = gw.post("/api/dvcqg/papers", lookup("1.999999", "000.00.00.G01-KQ0266"));
        assertThat(foreign.statusCode()).isEqualTo(502);
        JsonNode a = JSON.readTree(foreign.body());
        assertThat(a.path("error").asText()).isEqualTo("DVCQG_ERROR");
        assertThat(a.path("dvcqg").path("message").asText()).contains("không hợp lệ").contains("không thuộc thủ tục");
        assertThat(sim.calls(Endpoint.PAPERS)).as("both lookups reached DVCQG").isEqualTo(2);
    }

    @Test
    void aProcedureTheFileListsIsCheckedBeforeCallingDvcqg() throws Exception {
        HttpResponse<String> r = gw.post("/api/dvcqg/papers", lookup("2.000488", "000.00.00.G01-KQ0266"));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode p = JSON.readTree(r.body()).path("problems").get(0);
        assertThat(p.path("field").asText()).isEqualTo("DanhSachDanhMucKetQua[0].MaKetQua");
        assertThat(p.path("reason").asText()).contains("does not belong to procedure 2.000488").contains("KQ.G15.000007");
        assertThat(sim.calls(Endpoint.PAPERS)).isZero();
    }

    @Test
    void anOperatorReloadsTheEditedFileAndABadFileKeepsTheMappingInUse() throws Exception {
        String operator = login("operator");
        Files.writeString(file, PROVINCE_FILE + DvcqgSimulator.PROCEDURE + ",000.00.00.G02-KQ0685,,0,CSDL TTHC\n",
                StandardCharsets.UTF_8);
        HttpResponse<String> done = reload(operator);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(JSON.readTree(done.body()).path("inUse").asText()).startsWith("2 procedures, 2 result codes from");
        // now the seed's procedure is mapped: a code the file does not give it is refused locally
        HttpResponse<String> refused = gw.post("/api/dvcqg/papers", lookup(DvcqgSimulator.PROCEDURE, "000.00.00.G01-KQ0266"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("does not belong to procedure " + DvcqgSimulator.PROCEDURE);

        // a broken edit: refused with the line and the reason; the mapping loaded before stays in use
        Files.writeString(file, PROVINCE_FILE + "\n" + DvcqgSimulator.PROCEDURE + ",,Giấy khai sinh,0,x\n", StandardCharsets.UTF_8);
        HttpResponse<String> bad = reload(operator);
        assertThat(bad.statusCode()).isEqualTo(422);
        String message = JSON.readTree(bad.body()).path("error").asText();
        assertThat(message).contains("line 4").contains("MaKetQua is empty").contains("the mapping in use stays");
        assertThat(gw.post("/api/dvcqg/papers", lookup(DvcqgSimulator.PROCEDURE, "000.00.00.G01-KQ0266")).statusCode())
                .as("still the reloaded mapping").isEqualTo(400);
        assertThat(sim.calls(Endpoint.PAPERS)).isZero();

        // both reloads are in the operators' audit log, by whom and with the outcome
        JsonNode entries = JSON.readTree(console("GET", "/api/ops/audit", operator).body()).path("entries");
        assertThat(entries.findValuesAsText("action")).contains("RELOADED", "RELOAD_FAILED");
        assertThat(entries.get(0).path("target").asText()).isEqualTo(NAME);
        assertThat(entries.get(0).path("operator").asText()).isEqualTo("operator");
    }

    @Test
    void onlyAnOperatorMayReload() throws Exception {
        assertThat(reload(null).statusCode()).isEqualTo(401);
        assertThat(reload("not-a-session").statusCode()).isEqualTo(401);
        assertThat(reload(login("viewer")).statusCode()).isEqualTo(403);
        // an API client's token (flow scopes) is not a console session
        HttpResponse<String> client = http.send(gw.authorized(HttpRequest.newBuilder(URI.create(gw.baseUrl() + RELOAD)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(client.statusCode()).isEqualTo(401);
        assertThat(console("POST", "/api/ops/reload/nothing-by-this-name", login("operator")).statusCode()).isEqualTo(404);
        assertThat(console("GET", RELOAD, login("operator")).statusCode()).as("POST only").isIn(404, 405);
    }

    private HttpResponse<String> reload(String token) throws Exception {
        return console("POST", RELOAD, token);
    }

    private HttpResponse<String> console(String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.baseUrl() + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String login(String user) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/api/ops/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("user", user, "password", user))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("token").asText();
    }
}
