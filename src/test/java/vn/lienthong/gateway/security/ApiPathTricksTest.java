package vn.lienthong.gateway.security;

import vn.lienthong.gateway.sandbox.PmhtSimulator;
import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.support.Dossiers.json;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;
import vn.lienthong.gateway.support.RawHttp;

/**
 * Authorization cannot be walked around with path tricks: every path is sent byte for byte (no client-side
 * normalisation), without a token and with a token of another scope. A path the router would read differently from
 * what was sent is refused with 400 before any route runs; nothing reaches data or changes state.
 */
class ApiPathTricksTest {

    static final String DVCQG_ONLY = "token-of-a-dvcqg-only-client-91be";
    static final String CIVIL = "token-of-the-one-stop-shop-77aa";
    static final String M = "G22.99.08-260713-8101";
    static GatewayHarness gw;
    static RawHttp api;
    static RawHttp management;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.start(Map.of("API_CLIENTS", "kho-dl:dvcqg:" + HexFormat.of().formatHex(ApiClients.sha256(DVCQG_ONLY))
                + ",mcdt:civil+dossiers:" + HexFormat.of().formatHex(ApiClients.sha256(CIVIL))));
        api = RawHttp.plain(gw.gateway().config().httpPort());
        management = RawHttp.plain(gw.gateway().config().getInt("MANAGEMENT_PORT", 0));
        RawHttp.Response accepted = api.send("POST", "/api/civil/dossiers", "Bearer " + CIVIL, json(Dossiers.birth(M)));
        assertThat(accepted.status()).isEqualTo(202);
        gw.awaitState(M, "SENT");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** Each trick of the issue and its relatives; all of them differ from their normalised form. */
    static List<String> tricksTo(String target) {
        String rest = target.substring("/api/".length());
        return List.of(
                "/%61pi/" + rest,
                "/%61%70%69/" + rest,
                "/%41pi/" + rest,
                "/api/ops/%2e%2e/" + rest,
                "/api/ops/%2E%2E/" + rest,
                "/api/ops/../" + rest,
                "/api/ops/%2e./" + rest,
                "/x/../api/" + rest,
                "/./api/" + rest,
                "/api/./" + rest,
                "/api/dvcqg/../" + rest,
                "/api/dvcqg/%2e%2e/" + rest,
                "/api/ops%2F..%2F" + rest,
                "/api/ops/..%2F" + rest,
                "/api/ops/..%5C" + rest,
                "/api/ops/..\\" + rest,
                "/api/ops/..;/" + rest,
                "/api;x=1/" + rest,
                "/api/ops/%252e%252e/" + rest,
                "//api/" + rest,
                "/api//" + rest,
                "/console/../api/" + rest,
                "/console/%2e%2e/api/" + rest,
                "/api/%64ossiers/" + rest.substring(rest.indexOf('/') + 1));
    }

    @Test
    void readsOfTheLedgerThroughPathTricksAreRefusedWith400WithOrWithoutAToken() throws Exception {
        for (String target : List.of("/api/dossiers/" + M, "/api/dossiers/" + M + "/result",
                "/api/health/birth-certificates/GCS-1", "/api/health/death-notices/GBT-1")) {
            for (String path : tricksTo(target)) {
                if (path.startsWith("/api/%64ossiers/") && !target.startsWith("/api/dossiers/")) {
                    continue;
                }
                for (String authorization : new String[] {null, "Bearer " + DVCQG_ONLY}) {
                    RawHttp.Response r = api.send("GET", path, authorization, null);
                    assertThat(r.status()).as("GET %s (%s)", path, authorization == null ? "no token" : "dvcqg token")
                            .isEqualTo(400);
                    assertThat(r.body()).as("GET %s", path).doesNotContain(M).contains("path refused");
                }
            }
        }
    }

    @Test
    void anIntakeThroughPathTricksEnqueuesNothingAndWritesNothing() throws Exception {
        int pushesBefore = gw.gateway().bean("pmhtSimulator", PmhtSimulator.class).requestCount();
        List<String> codes = new ArrayList<>();
        int n = 0;
        for (String path : tricksTo("/api/civil/dossiers")) {
            if (path.startsWith("/api/%64ossiers/")) {
                continue;
            }
            for (String authorization : new String[] {null, "Bearer " + DVCQG_ONLY}) {
                String code = "G22.99.08-260713-82" + String.format("%02d", n++);
                codes.add(code);
                RawHttp.Response r = api.send("POST", path, authorization, json(Dossiers.birth(code)));
                assertThat(r.status()).as("POST %s", path).isEqualTo(400);
            }
        }
        // neither the pre-normalised nor the case-folded paths reach the intake
        String upper = "G22.99.08-260713-8299";
        codes.add(upper);
        assertThat(api.send("POST", "/API/civil/dossiers", null, json(Dossiers.birth(upper))).status()).isEqualTo(404);
        Thread.sleep(500);
        assertThat(gw.gateway().bean("pmhtSimulator", PmhtSimulator.class).requestCount()).isEqualTo(pushesBefore);
        for (String code : codes) {
            assertThat(gw.gateway().ledger().find(code)).as("ledger row for %s", code).isEmpty();
        }
        assertThat(gw.browse("civil.dossier.inbound")).isEmpty();
    }

    @Test
    void pathsThatMatchNoRouteExactlyReachNothing() throws Exception {
        for (String path : List.of("/API/dossiers/" + M, "/Api/dossiers/" + M, "/api./dossiers/" + M,
                "/api/dossiers./" + M, "/api/dossiers/" + M + "/result/.", "/api/dossiers/" + M + "/result/x")) {
            for (String authorization : new String[] {null, "Bearer " + DVCQG_ONLY}) {
                RawHttp.Response r = api.send("GET", path, authorization, null);
                assertThat(r.status()).as("GET %s", path).isIn(400, 401, 403, 404);
                assertThat(r.body()).as("GET %s", path).doesNotContain("\"trail\"");
            }
        }
        // a trailing dot makes another dossier code, which still needs the dossiers scope
        assertThat(api.send("GET", "/api/dossiers/" + M + ".", null, null).status()).isEqualTo(401);
        assertThat(api.send("GET", "/api/dossiers/" + M + ".", "Bearer " + DVCQG_ONLY, null).status()).isEqualTo(403);
    }

    @Test
    void theRightPathWithTheRightTokenStillWorksAndTheWrongTokenIsRefused() throws Exception {
        RawHttp.Response ok = api.send("GET", "/api/dossiers/" + M, "Bearer " + CIVIL, null);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).contains(M);
        assertThat(api.send("GET", "/api/dossiers/" + M, null, null).status()).isEqualTo(401);
        assertThat(api.send("GET", "/api/dossiers/" + M, "Bearer " + DVCQG_ONLY, null).status()).isEqualTo(403);
        // encoded reserved characters other than '/', '\', '%', ';' stay usable in a path parameter
        assertThat(api.send("GET", "/api/dossiers/X%3A1", "Bearer " + CIVIL, null).status()).isEqualTo(404);
        assertThat(api.send("GET", "/console/", null, null).status()).isEqualTo(200);
    }

    @Test
    void theConsoleApiRefusesTheSameTricks() throws Exception {
        for (String path : List.of("/api/ops/../ops/overview", "/api/ops/%2e%2e/ops/overview", "/api/%6Fps/overview",
                "/api/ops/me/..", "/api/ops/me/%2E", "/api/ops//overview", "/console/../api/ops/overview",
                "/api/ops/queues/DLQ.civil.dispatch/messages/..%2F..%2F..%2Fdossiers%2F" + M + "/replay",
                "/api/ops/queues/..;/messages")) {
            RawHttp.Response r = api.send(path.endsWith("/replay") ? "POST" : "GET", path, null, path.endsWith("/replay") ? "{}" : null);
            assertThat(r.status()).as(path).isEqualTo(400);
        }
        // the login stays public and the other console calls keep needing a session
        assertThat(api.send("POST", "/api/ops/login", null, "{\"user\":\"nobody\",\"password\":\"x\"}").status()).isIn(400, 401);
        assertThat(api.send("GET", "/api/ops/overview", null, null).status()).isEqualTo(401);
    }

    @Test
    void theManagementPortRefusesTheSameTricks() throws Exception {
        // positive control (health itself may be DOWN while an upstream circuit is open: metrics always answer)
        assertThat(management.send("GET", "/observe/metrics", null, null).status()).isEqualTo(200);
        for (String path : List.of("/observe/../observe/metrics", "/observe/%2e%2e/observe/metrics", "//observe/metrics",
                "/%6Fbserve/metrics", "/observe/metrics;x", "/observe/%2E/health", "/x/..%2F..%2Fobserve/health")) {
            assertThat(management.send("GET", path, null, null).status()).as(path).isEqualTo(400);
        }
    }

    @Test
    void refusalsAreCountedByABoundedLabelSet() throws Exception {
        for (int i = 0; i < 5; i++) {
            api.send("GET", "/api/random-" + i + "/x", null, null);
            api.send("GET", "/api/ops/%2e%2e/random-" + i, null, null);
        }
        api.send("GET", "/api/dossiers/" + M, null, null);
        String metrics = gw.management("/observe/metrics").body();
        List<String> scopes = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("gateway_api_refusals_total\\{[^}]*scope=\"([^\"]*)\"").matcher(metrics);
        while (m.find()) {
            scopes.add(m.group(1));
        }
        assertThat(scopes).isNotEmpty().contains("dossiers", "unknown");
        List<String> allowed = new ArrayList<>(ApiScopes.all());
        allowed.add(ApiScopes.UNKNOWN);
        assertThat(allowed).containsAll(scopes);
        assertThat(metrics).containsPattern("gateway_api_refusals_total\\{client=\"-\",environment=\"sandbox\",reason=\"noncanonical\",scope=\"unknown\"} [1-9]");
    }
}
