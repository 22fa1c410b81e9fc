package vn.lienthong.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.support.Dossiers.json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.read.ListAppender;
import org.apache.camel.ProducerTemplate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import vn.lienthong.gateway.sandbox.DvcltSimulator;
import vn.lienthong.gateway.sandbox.DvcqgSimulator;
import vn.lienthong.gateway.sandbox.PmhtSimulator;
import vn.lienthong.gateway.security.PayloadCipher;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;
import vn.lienthong.gateway.support.ProductionEnv;

/**
 * Everything the gateway logs while handling good, bad and failing dossiers is free of personal data and secrets:
 * what one run logs (captured in memory), and the whole test JVM's log file (src/test/resources/logback-test.xml
 * writes every line of every test class run so far to target/test-logs/run-*.log).
 */
class LogPrivacyTest {

    /** A 12-digit personal ID number (CCCD) or a Vietnamese mobile number, wherever it stands in a line. */
    static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9A-Za-z])0[0-9]{11}(?![0-9])");
    static final Pattern PHONE = Pattern.compile("(?<![0-9A-Za-z.\\-])0[35789][0-9]{8}(?![0-9])");
    /** Secrets the test configurations set (this class's gateways, GatewayConfigTest, the test data key). */
    static final List<String> TEST_SECRETS = List.of("pmht-Secret-4711", "m0lisa-pw", "dvclt-secret", "topsecret",
            ProductionEnv.TEST_DATA_KEYS.substring(ProductionEnv.TEST_DATA_KEYS.indexOf(':') + 1));

    @Test
    void logsNeverShowIdNumbersPhonesNamesOrPasswords() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        String password = "pmht-Secret-4711";
        try (GatewayHarness gw = GatewayHarness.start(Map.of("PMHT_PASSWORD", password, "RETRY_MAX", "2"))) {
            gw.post("/api/civil/dossiers", json(Dossiers.birth("G22.99.08-260713-5001")));
            gw.awaitState("G22.99.08-260713-5001", "SENT");
            Map<String, Object> bad = Dossiers.birth("G22.99.08-260713-5002");
            Dossiers.data(bad).put("nycSoDienThoai", "09x12345678");
            Dossiers.data(bad).put("meSoGiayToTuyThan", "001195000077!");
            gw.post("/api/civil/dossiers", json(bad));
            gw.gateway().bean("pmhtSimulator", PmhtSimulator.class).failNext(5, PmhtSimulator.Fault.HTTP_500);
            gw.post("/api/civil/dossiers", json(Dossiers.birth("G22.99.08-260713-5003")));
            gw.awaitState("G22.99.08-260713-5002", "REJECTED");
            gw.awaitQueued("DLQ.civil.dispatch", Duration.ofSeconds(20), m -> true);
        } finally {
            root.detachAppender(captured);
        }
        List<String> lines = captured.list.stream()
                .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
                .collect(Collectors.toList());
        assertThat(lines).isNotEmpty();
        String all = String.join("\n", lines);
        assertThat(all).contains("G22.99.08-260713-5002"); // codes are logged, so the test can see the flow
        for (String secret : List.of("001195000077", "0912345678", "09x12345678", "Trần Thị Mẫu", "Nguyễn Văn Thử", password)) {
            assertThat(all).as("logs must not contain %s", secret).doesNotContain(secret);
        }
    }

    @Test
    void theWholeRunsLogFileHoldsNoIdNumberPhoneNumberOrConfiguredSecret() throws Exception {
        Path runLog = runLogFile();
        String token = "dev-Token-" + UUID.randomUUID();
        String dataKey = PayloadCipher.newKeyEntry("logtest");
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("PMHT_PASSWORD", "pmht-Pw-" + UUID.randomUUID());
        secrets.put("DVCLT_PASSWORD", "dvclt-Pw-" + UUID.randomUUID());
        secrets.put("MOLISA_PASSWORD", "molisa-Pw-" + UUID.randomUUID());
        secrets.put("DVCQG_PASSWORD", "dvcqg-Pw-" + UUID.randomUUID());
        secrets.put("DHIS2_PASSWORD", "dhis2-Pw-" + UUID.randomUUID());
        secrets.put("API_DEV_TOKEN", token);
        secrets.put("DATA_KEYS", dataKey);
        Map<String, String> env = new HashMap<>(secrets);
        env.put("CIVIL_AUTO_ACCEPT", "true");
        String tag = String.valueOf(5100 + System.nanoTime() % 800);
        try (GatewayHarness gw = GatewayHarness.start(env)) {
            ProducerTemplate producer = gw.gateway().camelContext().createProducerTemplate();
            // civil: a good dossier, a bad one whose reasons could repeat the values, one that fails at PMHT
            gw.post("/api/civil/dossiers", json(Dossiers.birth("G22.99.08-261127-" + tag)));
            Map<String, Object> bad = Dossiers.birth("G22.99.08-261127-" + tag + "1");
            Dossiers.data(bad).put("meSoGiayToTuyThan", "0011950000771");
            Dossiers.data(bad).put("nycSoDienThoai", "09123456789");
            gw.post("/api/civil/dossiers", json(bad));
            gw.awaitState("G22.99.08-261127-" + tag, "SENT");
            // the lifecycle to the certificate (PMHT's registration ID number), through DVCLT
            DvcltSimulator dvclt = gw.gateway().bean("dvcltSimulator", DvcltSimulator.class);
            HttpResponse<String> started = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + dvclt.port() + "/sandbox/scenarios/TH1")).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            String th1 = Dossiers.parse(started.body()).path("maHoSo").asText();
            producer.requestBody("direct:civil.dvclt-pull", "", String.class);
            gw.awaitState(th1, "SENT");
            for (int i = 0; i < 3; i++) {
                producer.requestBody("direct:civil.pmht-poll", "", String.class);
            }
            gw.awaitState(th1, "RESULT_DELIVERED");
            // health: evidence stored, looked up by ID number, and refused
            Map<String, Object> birth = vn.lienthong.gateway.support.HospitalRecords.birthCertificate("GCS-2026-LP" + tag, "001195000502");
            assertThat(gw.post("/api/health/birth-certificates", json(birth)).statusCode()).isEqualTo(200);
            gw.get("/api/health/birth-certificates?motherId=001195000502");
            birth.put("meSoGiayToTuyThan", "00119500050X");
            gw.post("/api/health/birth-certificates", json(birth));
            // MOLISA and DVCQG: a record with an ID number and phone, a papers lookup by ID number
            gw.post("/api/molisa/dossiers", Files.readString(Path.of("samples", "molisa", "1-dossier.json")));
            Map<String, Object> papers = new LinkedHashMap<>();
            papers.put("MaThuTuc", DvcqgSimulator.PROCEDURE);
            papers.put("DanhSachDanhMucKetQua", List.of(Map.of("MaKetQua", "000.00.00.G01-KQ0266", "SoKyHieu", "")));
            papers.put("SoDinhDanhChuSoHuu", DvcqgSimulator.SANDBOX_CITIZEN);
            papers.put("HoTenNguoiYeuCau", "Cán Bộ Một Cửa");
            papers.put("KenhThucHien", "1");
            papers.put("SoDinhDanhNguoiYeuCau", "001085000111");
            gw.post("/api/dvcqg/papers", json(papers));
            // a wrong console password and a wrong API token
            gw.post("/api/ops/login", "{\"user\":\"operator\",\"password\":\"" + secrets.get("PMHT_PASSWORD") + "\"}");
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/api/dossiers/" + th1))
                    .header("Authorization", "Bearer " + token + "x").build(), HttpResponse.BodyHandlers.ofString());
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> gw.browse("civil.status.outbound").isEmpty());
        }

        List<String> lines = Files.readAllLines(runLog, StandardCharsets.UTF_8);
        assertThat(String.join("\n", lines)).as("the run log has this test's gateway").contains("G22.99.08-261127-" + tag);
        List<String> secretValues = new ArrayList<>(secrets.values());
        secretValues.add(dataKey.substring(dataKey.indexOf(':') + 1));
        secretValues.addAll(TEST_SECRETS);
        List<String> leaks = new ArrayList<>();
        for (String line : lines) {
            for (Pattern p : List.of(ID_NUMBER, PHONE)) {
                Matcher m = p.matcher(line);
                if (m.find()) {
                    leaks.add(m.group() + " in: " + line);
                }
            }
            for (String secret : secretValues) {
                if (line.contains(secret)) {
                    leaks.add("a configured secret in: " + line);
                }
            }
        }
        assertThat(leaks).as("log lines of this test run (%s, %d lines) with personal data or secrets", runLog, lines.size())
                .isEmpty();
    }

    /** The file logback-test.xml writes this JVM's log lines to. */
    static Path runLogFile() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Appender<ILoggingEvent> appender = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("RUN_LOG");
        assertThat(appender).as("src/test/resources/logback-test.xml's RUN_LOG appender").isInstanceOf(FileAppender.class);
        return Path.of(((FileAppender<ILoggingEvent>) appender).getFile());
    }
}
