package vn.lienthong.gateway.molisa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import vn.lienthong.gateway.molisa.MolisaFieldSpec.Table;
import vn.lienthong.gateway.platform.UpstreamCircuits;
import vn.lienthong.gateway.platform.UpstreamUnavailableException;
import vn.lienthong.gateway.sandbox.MolisaSimulator;
import vn.lienthong.gateway.support.FreePorts;

/** The client against the real simulator over HTTP. */
class MolisaClientSimulatorTest {

    private static final String USER = "tinh-xyz";
    private static final String PASSWORD = "pa55-word";

    private final vn.lienthong.gateway.support.MutableClock clock = vn.lienthong.gateway.support.MutableClock.frozenAt("2026-01-05T01:00:00Z");
    private final MolisaRecordMapper mapper = new MolisaRecordMapper(MolisaCatalogs.fromClasspath());
    private final List<AutoCloseable> open = new ArrayList<>();
    /** A window wide enough for every test here but the circuit's own. */
    private final UpstreamCircuits circuits = new UpstreamCircuits(50, 100, Duration.ofSeconds(30));

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private MolisaSimulator simulator(String prefix) {
        MolisaSimulator sim = new MolisaSimulator("127.0.0.1", 0, prefix, USER, PASSWORD, Duration.ofMinutes(30), clock)
                .start();
        open.add(sim);
        return sim;
    }

    private MolisaClient client(MolisaSimulator sim, String prefix, String password) {
        MolisaConfig config = new MolisaConfig(sim.baseUrl(), prefix, USER, password, Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofMinutes(20), 50, java.util.Set.of(401, 403));
        return new MolisaClient(config, null, circuits, clock);
    }

    private Map<String, Object> dossier(String maHoSo) {
        MappingResult r = mapper.mapDossier(TestSupport.dossierInput(maHoSo));
        assertThat(r.isMapped()).as(String.valueOf(r)).isTrue();
        return ((MappingResult.Mapped) r).record();
    }

    @Test
    void mappedRecordsOfAllThreeTablesAreAcceptedAsSent() {
        MolisaSimulator sim = simulator("/api/v1/Service/");
        MolisaClient client = client(sim, "/api/v1/Service/", PASSWORD);
        Map<String, Object> d = dossier("HS-1");
        Map<String, Object> p = ((MappingResult.Mapped) mapper.mapProgress(TestSupport.progressInput("HS-1"))).record();
        Map<String, Object> q = ((MappingResult.Mapped) mapper.mapDecision(TestSupport.decisionInput("HS-1"))).record();

        assertThat(client.syncDossiers(List.of(d))).isEqualTo(new MolisaResult(0, "Thành công"));
        assertThat(client.syncProgress(List.of(p)).ok()).isTrue();
        assertThat(client.sendDecision(q).ok()).isTrue();

        assertThat(sim.acceptedDossiers()).containsExactly(d);
        assertThat(sim.acceptedProgress()).containsExactly(p);
        assertThat(sim.acceptedDecisions()).containsExactly(q);
        assertThat(sim.tokensIssued()).isEqualTo(1);
    }

    @Test
    void deploymentPrefixApiBtxhIsConfigurable() {
        MolisaSimulator sim = simulator("/apiBTXH/");
        assertThat(client(sim, "/apiBTXH", PASSWORD).syncDossiers(List.of(dossier("HS-2"))).ok()).isTrue();
        assertThatThrownBy(() -> client(sim, "/api/v1/Service/", PASSWORD).syncDossiers(List.of(dossier("HS-3"))))
                .isInstanceOf(UpstreamUnavailableException.class);
    }

    @Test
    void concurrentCallsShareOneGetToken() throws Exception {
        MolisaSimulator sim = simulator("/api/v1/Service/");
        MolisaClient client = client(sim, "/api/v1/Service/", PASSWORD);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<MolisaResult>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String code = "HS-C" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return client.syncDossiers(List.of(dossier(code)));
                }));
            }
            start.countDown();
            for (Future<MolisaResult> f : results) {
                assertThat(f.get(20, TimeUnit.SECONDS).ok()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(sim.tokensIssued()).isEqualTo(1);
        assertThat(sim.calls("GetToken")).isEqualTo(1);
        assertThat(sim.acceptedDossiers()).hasSize(16);
    }

    @Test
    void clientSideExpiryRefreshesOnceWithoutARefusal() {
        MolisaSimulator sim = simulator("/api/v1/Service/");
        MolisaClient client = client(sim, "/api/v1/Service/", PASSWORD);
        client.syncDossiers(List.of(dossier("HS-E1")));
        clock.advance(Duration.ofMinutes(19));
        client.syncDossiers(List.of(dossier("HS-E2")));
        assertThat(sim.tokensIssued()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1)); // the client's 20-minute TTL is over
        client.syncDossiers(List.of(dossier("HS-E3")));
        client.syncDossiers(List.of(dossier("HS-E4")));
        assertThat(sim.tokensIssued()).isEqualTo(2);
        assertThat(sim.authRefusals()).isZero();
        assertThat(client.tokenCache().logins()).isEqualTo(2);
    }

    @Test
    void authFailureCausesOneRefreshAndOneRetry() {
        MolisaSimulator sim = simulator("/api/v1/Service/");
        MolisaClient client = client(sim, "/api/v1/Service/", PASSWORD);
        client.syncDossiers(List.of(dossier("HS-A1")));
        sim.setTokenTtl(Duration.ofMinutes(5)); // MOLISA's TTL is shorter than what we configured
        sim.revokeTokens();

        assertThat(client.syncDossiers(List.of(dossier("HS-A2"))).ok()).isTrue();

        assertThat(sim.authRefusals()).isEqualTo(1);
        assertThat(sim.tokensIssued()).isEqualTo(2);
        assertThat(sim.calls("DongBoDVC")).isEqualTo(3); // first call, refused call, retry
        assertThat(sim.acceptedDossiers()).extracting(m -> m.get("MaHoSo")).containsExactly("HS-A1", "HS-A2");

        // The simulator's token expires while the client still trusts it: refused, refreshed, retried once.
        clock.advance(Duration.ofMinutes(6));
        assertThat(client.syncDossiers(List.of(dossier("HS-A3"))).ok()).isTrue();
        assertThat(sim.authRefusals()).isEqualTo(2);
        assertThat(sim.tokensIssued()).isEqualTo(3);
    }

    @Test
    void authFailureSignalledOnlyByErrorCodeIsHandledTheSameWay() {
        MolisaSimulator sim = simulator("/api/v1/Service/");
        sim.setAuthFailureHttpStatus(200);
        MolisaClient client = client(sim, "/api/v1/Service/", PASSWORD);
        client.syncDossiers(List.of(dossier("HS-B1")));
        sim.revokeTokens();
        assertThat(client.syncDossiers(List.of(dossier("HS-B2"))).ok()).isTrue();
        assertThat(sim.tokensIssued()).isEqualTo(2);
    }

    @Test
    void aTokenRefusedAgainAfterRefreshIsNotRetriedForever() {
        MolisaSimulator sim = simulator("/api/v1/Service/");
        sim.setTokenTtl(Duration.ZERO); // every token is born expired
        MolisaClient client = client(sim, "/api/v1/Service/", PASSWORD);
        assertThatThrownBy(() -> client.syncDossiers(List.of(dossier("HS-Z"))))
                .isInstanceOf(UpstreamUnavailableException.class).hasMessageContaining("freshly issued token");
        assertThat(sim.calls("DongBoDVC")).isEqualTo(2);
        assertThat(sim.tokensIssued()).isEqualTo(2);
    }

    @Test
    void wrongCredentialsAreAnUpstreamProblemAndThePasswordIsNotInMessages() {
        MolisaSimulator sim = simulator("/api/v1/Service/");
        MolisaClient client = client(sim, "/api/v1/Service/", "wrong-pass");
        assertThatThrownBy(() -> client.syncDossiers(List.of(dossier("HS-W"))))
                .isInstanceOf(UpstreamUnavailableException.class)
                .hasMessageContaining("GetToken").hasMessageNotContaining("wrong-pass");
        assertThat(client.toString()).doesNotContain("wrong-pass");
    }

    @Test
    void molisa500AndConnectionResetAreUpstreamUnavailable() {
        MolisaSimulator sim = simulator("/api/v1/Service/");
        MolisaClient client = client(sim, "/api/v1/Service/", PASSWORD);
        client.syncDossiers(List.of(dossier("HS-F0")));
        sim.failNext(1, MolisaSimulator.Fault.HTTP_500);
        assertThatThrownBy(() -> client.syncDossiers(List.of(dossier("HS-F1"))))
                .isInstanceOf(UpstreamUnavailableException.class).hasMessageContaining("HTTP 500");
        sim.failNext(1, MolisaSimulator.Fault.RESET);
        assertThatThrownBy(() -> client.syncDossiers(List.of(dossier("HS-F2"))))
                .isInstanceOf(UpstreamUnavailableException.class).hasMessageContaining("unreachable");
        assertThat(client.syncDossiers(List.of(dossier("HS-F3"))).ok()).isTrue();
        assertThat(sim.acceptedDossiers()).extracting(m -> m.get("MaHoSo")).containsExactly("HS-F0", "HS-F3");
    }

    @Test
    void molisaFailingOpensItsCircuitAndThenNoCallReachesIt() {
        MolisaSimulator sim = simulator("/api/v1/Service/");
        UpstreamCircuits narrow = new UpstreamCircuits(50, 4, Duration.ofSeconds(30));
        MolisaConfig config = new MolisaConfig(sim.baseUrl(), "/api/v1/Service/", USER, PASSWORD, Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofMinutes(20), 50, java.util.Set.of(401, 403));
        MolisaClient client = new MolisaClient(config, null, narrow, clock);
        assertThat(client.syncDossiers(List.of(dossier("HS-O0"))).ok()).isTrue(); // GetToken + DongBoDVC: 2 successes
        sim.failNext(10_000, MolisaSimulator.Fault.HTTP_500);
        for (int i = 1; i <= 2; i++) {
            String code = "HS-O" + i;
            assertThatThrownBy(() -> client.syncDossiers(List.of(dossier(code))))
                    .isInstanceOf(UpstreamUnavailableException.class);
        }
        assertThat(narrow.state("molisa")).isEqualTo("OPEN");
        int calls = sim.calls("DongBoDVC");
        assertThatThrownBy(() -> client.syncDossiers(List.of(dossier("HS-O3"))))
                .isInstanceOf(io.github.resilience4j.circuitbreaker.CallNotPermittedException.class);
        assertThat(sim.calls("DongBoDVC")).as("an open circuit sends nothing").isEqualTo(calls);
    }

    @Test
    void nobodyListeningIsUpstreamUnavailable() throws Exception {
        int freePort = FreePorts.next();
        MolisaConfig config = MolisaConfig.of("http://127.0.0.1:" + freePort, USER, PASSWORD)
                .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThatThrownBy(() -> new MolisaClient(config, null, circuits, clock).syncDossiers(List.of(dossier("HS-N"))))
                .isInstanceOf(UpstreamUnavailableException.class);
    }

    @Test
    void batchWithOneBadRecordDeliversTheOthersAndRejectsItWithMolisasReason() {
        MolisaSimulator sim = simulator("/api/v1/Service/");
        MolisaBatchSender sender = new MolisaBatchSender(client(sim, "/api/v1/Service/", PASSWORD));
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            batch.add(dossier("HS-BATCH-" + i));
        }
        // A record that bypassed the mapper: 251-character name, which MOLISA's table forbids.
        Map<String, Object> tooLong = new LinkedHashMap<>(batch.get(5));
        tooLong.put("HoVaTen", "A".repeat(251));
        batch.set(5, tooLong);
        // And one MOLISA refuses for its own business reason.
        sim.refuseRecord("HS-BATCH-2", "Hồ sơ đã tồn tại");

        BatchSplitter.Outcome<Map<String, Object>> out = sender.sendDossiers(batch);

        assertThat(out.delivered()).extracting(m -> m.get("MaHoSo"))
                .containsExactly("HS-BATCH-1", "HS-BATCH-3", "HS-BATCH-4", "HS-BATCH-5", "HS-BATCH-7", "HS-BATCH-8");
        assertThat(sim.acceptedDossiers()).extracting(m -> m.get("MaHoSo"))
                .containsExactly("HS-BATCH-1", "HS-BATCH-3", "HS-BATCH-4", "HS-BATCH-5", "HS-BATCH-7", "HS-BATCH-8");
        Map<String, String> rejected = MolisaBatchSender.rejectedByMaHoSo(out);
        assertThat(rejected).containsOnlyKeys("HS-BATCH-2", "HS-BATCH-6");
        assertThat(rejected.get("HS-BATCH-2")).isEqualTo("error_code 3: Hồ sơ đã tồn tại");
        assertThat(rejected.get("HS-BATCH-6")).startsWith("error_code 2:").contains("HoVaTen").contains("250");
        assertThat(out.toString()).doesNotContain("AAAA").doesNotContain("001050012345");
    }

    @Test
    void simulatorEnforcesTheTableSpellingAndTheAccessKey() throws Exception {
        MolisaSimulator sim = simulator("/api/v1/Service/");
        MolisaClient client = client(sim, "/api/v1/Service/", PASSWORD);
        Map<String, Object> sloppy = new LinkedHashMap<>(dossier("HS-S1"));
        sloppy.put("SubmitedDate", sloppy.remove("SubmittedDate"));
        MolisaResult r = client.syncDossiers(List.of(sloppy));
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("SubmitedDate");

        Map<String, Object> badId = new LinkedHashMap<>(dossier("HS-S2"));
        badId.put("DanTocId", "01");
        assertThat(client.syncDossiers(List.of(badId)).message()).contains("DanTocId");

        Map<String, Object> otherProcedure = new LinkedHashMap<>(dossier("HS-S3"));
        otherProcedure.put("MaTTHC", "1.001193");
        assertThat(client.syncDossiers(List.of(otherProcedure)).message()).contains("MaTTHC");

        assertThat(client.send(Table.XU_LY_HO_SO, List.of()).ok()).isFalse();

        java.net.http.HttpResponse<String> noKey = HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl() + "/api/v1/Service/DongBoDVC"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("[]")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(noKey.body()).contains("\"error_code\":401");
        assertThat(sim.acceptedDossiers()).isEmpty();
    }
}
