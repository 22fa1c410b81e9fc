package vn.lienthong.gateway.security;

import vn.lienthong.gateway.sandbox.PmhtSimulator;
import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.support.Dossiers.json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;

/** Every /api endpoint refuses missing and unknown credentials (401) and clients outside their flows (403). */
class ApiAuthenticationTest {

    static final String DVCQG_ONLY_TOKEN = "token-of-a-dvcqg-only-client-7f3a";
    static final String CIVIL_TOKEN = "token-of-the-one-stop-shop-c0de";
    static GatewayHarness gw;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        String clients = "kho-dl:dvcqg:" + HexFormat.of().formatHex(ApiClients.sha256(DVCQG_ONLY_TOKEN))
                + ",mcdt:civil+dossiers:" + HexFormat.of().formatHex(ApiClients.sha256(CIVIL_TOKEN));
        gw = GatewayHarness.start(Map.of("API_CLIENTS", clients));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void missingAndUnknownTokensGet401OnEveryApiEndpoint() throws Exception {
        int pmhtRequestsBefore = gw.gateway().bean("pmhtSimulator", PmhtSimulator.class).requestCount();
        for (String[] call : List.of(new String[] {"POST", "/api/civil/dossiers"}, new String[] {"GET", "/api/dossiers/X-1"},
                new String[] {"GET", "/api/info"}, new String[] {"POST", "/api/dvcqg/papers"},
                new String[] {"GET", "/api/dvcqg/catalogue"}, new String[] {"POST", "/api/dvcqg/catalogue/refresh"},
                new String[] {"GET", "/api/health/birth-certificates/GCS-1"})) {
            assertThat(send(call[0], call[1], null).statusCode()).as("no token: %s %s", call[0], call[1]).isEqualTo(401);
            assertThat(send(call[0], call[1], "not-a-known-token").statusCode()).as("unknown: %s %s", call[0], call[1]).isEqualTo(401);
            assertThat(send(call[0], call[1], "Basic dXNlcjpwYXNz").statusCode()).as("basic: %s %s", call[0], call[1]).isEqualTo(401);
        }
        Thread.sleep(300);
        assertThat(gw.gateway().bean("pmhtSimulator", PmhtSimulator.class).requestCount()).isEqualTo(pmhtRequestsBefore);
    }

    @Test
    void aClientIsConfinedToItsFlows() throws Exception {
        HttpResponse<String> civilByDvcqgClient = send("POST", "/api/civil/dossiers", "Bearer " + DVCQG_ONLY_TOKEN,
                json(Dossiers.birth("G22.99.08-260713-8001")));
        assertThat(civilByDvcqgClient.statusCode()).isEqualTo(403);
        assertThat(civilByDvcqgClient.body()).contains("kho-dl").contains("civil");
        assertThat(send("GET", "/api/dvcqg/catalogue", "Bearer " + DVCQG_ONLY_TOKEN).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/dossiers/X-1", "Bearer " + DVCQG_ONLY_TOKEN).statusCode()).isEqualTo(403);

        HttpResponse<String> civil = send("POST", "/api/civil/dossiers", "Bearer " + CIVIL_TOKEN,
                json(Dossiers.birth("G22.99.08-260713-8002")));
        assertThat(civil.statusCode()).isEqualTo(202);
        gw.awaitState("G22.99.08-260713-8002", "SENT");
        assertThat(send("GET", "/api/dossiers/G22.99.08-260713-8002", "Bearer " + CIVIL_TOKEN).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/dvcqg/catalogue", "Bearer " + CIVIL_TOKEN).statusCode()).isEqualTo(403);
    }

    @Test
    void refusalsAreCountedByReasonAndClient() throws Exception {
        send("GET", "/api/dossiers/X-2", null);
        send("POST", "/api/civil/dossiers", "Bearer " + DVCQG_ONLY_TOKEN, "{}");
        String metrics = gw.management("/observe/metrics").body();
        assertThat(metrics).containsPattern("gateway_api_refusals_total\\{client=\"-\",environment=\"sandbox\",reason=\"missing\",scope=\"dossiers\"} [1-9]");
        assertThat(metrics).containsPattern("gateway_api_refusals_total\\{client=\"kho-dl\",environment=\"sandbox\",reason=\"forbidden\",scope=\"civil\"} [1-9]");
        assertThat(metrics).doesNotContain(DVCQG_ONLY_TOKEN);
    }

    @Test
    void aPathThatMatchesNoRouteReachesNothing() throws Exception {
        assertThat(send("GET", "/api/anything/else", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/anything/else", "Bearer " + CIVIL_TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void theConsolePageIsNotBehindApiTokens() throws Exception {
        assertThat(send("GET", "/console/", null).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        return send(method, path, authorization, method.equals("POST") ? "{}" : null);
    }

    private static HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
