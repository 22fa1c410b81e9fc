package vn.lienthong.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DVCQG simulator answers seed 002 part V's samples unchanged. The expected values are read from the seed text
 * (docs/seeds/002): the V.1 catalogue sample and the V.2 request and response samples.
 */
class DvcqgSimulatorSeedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SEED = Path.of("docs", "seeds", "002_ee0a8811ac475942.txt");
    private static final String PORTAL_DST = "VN:GOV:000.00.00.G22:vpcpcdvcqgsub01";
    private static final String PORTAL_URL = "https://apigiaytocanhan.dichvucong.gov.vn";

    private final HttpClient http = HttpClient.newHttpClient();
    private DvcqgSimulator sim;
    private String session;
    private String seed;

    @BeforeEach
    void start() throws Exception {
        seed = Files.readString(SEED);
        sim = new DvcqgSimulator("127.0.0.1", 0, "tinh", "pw", PORTAL_DST, PORTAL_URL, 3600).start();
        session = post("/XrdAdapter/RestService/forward/mapi/login", null, "{\"username\":\"tinh\",\"password\":\"pw\"}")
                .path("session").asText();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private JsonNode post(String path, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return JSON.readTree(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonNode papers(ObjectNode request) throws Exception {
        return post("/XrdAdapter/RestService/forward/bndp/public/v1/user/papers?dstcode=" + PORTAL_DST + "&providerurl="
                + PORTAL_URL, session, request.toString());
    }

    /** The V.2 "Body mẫu", as printed but for its trailing comma. */
    private ObjectNode seedRequest() throws Exception {
        int from = seed.indexOf("{", seed.indexOf("○  Body mẫu:"));
        String body = seed.substring(from, seed.indexOf("}\nTT", from) + 1).replaceAll(",\\s*}$", "}");
        return (ObjectNode) JSON.readTree(body);
    }

    /** The V.2 "Response mẫu", as printed (it is valid JSON). */
    private JsonNode seedResponse() throws Exception {
        String marker = "-  Response mẫu:";
        return JSON.readTree(seed.substring(seed.indexOf(marker) + marker.length(), seed.indexOf("-  Bóc tách")).trim());
    }

    @Test
    void theCatalogueStartsWithTheSeedsSampleUnchanged() throws Exception {
        Matcher m = Pattern.compile("\"MACOQUAN\": \"([^\"]+)\",\\s*\"TENCOQUAN\": \"([^\"]+)\",\\s*\"DSTCODE\": \"([^\"]+)\"")
                .matcher(seed);
        List<String> printed = new ArrayList<>();
        while (m.find()) {
            printed.add(m.group(1) + "|" + m.group(2) + "|" + m.group(3));
        }
        assertThat(printed).hasSize(7);
        JsonNode answer = post("/XrdAdapter/RestService/forward/mapi/call", null,
                "{\"session\":\"" + session + "\",\"madonvi\":\"H46\",\"service\":\"LayDanhMucSSTaiTep\"}");
        List<String> served = new ArrayList<>();
        answer.path("result").forEach(a -> served.add(a.path("MACOQUAN").asText() + "|" + a.path("TENCOQUAN").asText()
                + "|" + a.path("DSTCODE").asText()));
        assertThat(served.subList(0, 7)).containsExactlyElementsOf(printed);
    }

    @Test
    void theSeedsSamplePapersAreAnsweredUnchanged() throws Exception {
        JsonNode expected = seedResponse().path("result").path("DanhSachGiayToKetQua");
        ObjectNode request = seedRequest();
        assertThat(request.path("SoDinhDanhChuSoHuu").asText()).isEqualTo(DvcqgSimulator.SEED_CITIZEN);
        // the sample response returns result code G01-KQ0266: ask for it with the sample request's own codes
        ((ArrayNode) request.withArray("DanhSachDanhMucKetQua")).addObject().put("MaKetQua", "000.00.00.G01-KQ0266").put("SoKyHieu", "");
        JsonNode answer = papers(request);
        assertThat(answer.path("errorCode").asText()).isEqualTo("0");
        assertThat(answer.path("result").path("DanhSachGiayToKetQua")).isEqualTo(expected);

        // the sandbox citizen holds the same sample papers, unchanged, among its own
        request.put("SoDinhDanhChuSoHuu", DvcqgSimulator.SANDBOX_CITIZEN);
        List<JsonNode> sandbox = new ArrayList<>();
        papers(request).path("result").path("DanhSachGiayToKetQua").forEach(sandbox::add);
        assertThat(sandbox).containsAll(List.of(expected.get(0), expected.get(1)));
    }

    @Test
    void resultCodesOfAnotherProcedureAreRefusedAsInvalid() throws Exception {
        ObjectNode request = seedRequest();
        ((ArrayNode) request.withArray("DanhSachDanhMucKetQua")).addObject().put("MaKetQua", "000.00.00.G15-KQ0001").put("SoKyHieu", "");
        JsonNode answer = papers(request);
        assertThat(answer.path("errorCode").asText()).isNotEqualTo("0");
        assertThat(answer.path("message").asText()).contains("không hợp lệ").contains("000.00.00.G15-KQ0001");
    }
}
