package vn.lienthong.gateway.security;

import vn.lienthong.gateway.sandbox.PmhtSimulator;
import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.support.Dossiers.json;
import static vn.lienthong.gateway.support.Dossiers.parse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.ProducerTemplate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.health.EvidenceStore;
import vn.lienthong.gateway.health.EvidenceUsage;
import vn.lienthong.gateway.ledger.DossierView;
import vn.lienthong.gateway.sandbox.DvcltSimulator;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;
import vn.lienthong.gateway.support.HospitalRecords;
import vn.lienthong.gateway.support.MutableClock;

/**
 * Personal data at rest: after dossiers went through the whole civil lifecycle (certificate stored), waited for the
 * officer (push body on disk) and hospital evidence was stored, neither a dump of the database nor the files under
 * DATA_DIR (result store, awaiting bodies) hold any test citizen's ID number or phone number in clear text, while
 * every reader still answers in clear. The retention job deletes old finished dossiers' contents and keeps trails.
 */
class DataAtRestTest {

    // the citizens of this test (12-digit CCCD numbers, a phone number)
    static final String CHILD_ID = "001226067890";
    static final String MOTHER_ID = "001195012345";
    static final String APPLICANT_ID = "001090054321";
    static final String PHONE = "0987654321";
    static final String HOSPITAL_MOTHER_ID = "001195033333";
    static final String DECEASED_ID = "001050044444";
    /** Defaults of support/Dossiers.birth and of the sandbox's DVCLT dossiers (TH1). */
    static final List<String> FIXTURE_SECRETS = List.of("001195000077", "0912345678", "001195000099", "0900000000");

    @Test
    void databaseDumpAndStoredFilesHoldNoClearIdNumbersAndReadersStillDecrypt() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String dbUrl = "jdbc:hsqldb:mem:atrest" + id + ";hsqldb.tx=mvcc";
        Path dataDir = Path.of("target", "test-data", "atrest-" + id).toAbsolutePath();
        List<String> secrets = new ArrayList<>(List.of(CHILD_ID, MOTHER_ID, APPLICANT_ID, PHONE, HOSPITAL_MOTHER_ID, DECEASED_ID));
        secrets.addAll(FIXTURE_SECRETS);
        String th1;
        String waiting = "G22.99.08-261127-" + (7000 + System.nanoTime() % 1000);
        try (GatewayHarness gw = GatewayHarness.start(Map.of("DB_URL", dbUrl, "DATA_DIR", dataDir.toString(),
                "CIVIL_AUTO_ACCEPT", "false"))) {
            ProducerTemplate producer = gw.gateway().camelContext().createProducerTemplate();
            DvcltSimulator dvclt = gw.gateway().bean("dvcltSimulator", DvcltSimulator.class);

            // TH1 end to end: DVCLT pull, officer accepts, PMHT registers, certificate stored, statuses relayed
            th1 = scenario(dvclt, "TH1");
            producer.requestBody("direct:civil.dvclt-pull", "", String.class);
            gw.awaitState(th1, "AWAITING_ACCEPTANCE");
            assertThat(gw.post("/api/civil/dossiers/" + th1 + "/decision", "{\"decision\":\"accept\"}").statusCode()).isEqualTo(202);
            gw.awaitState(th1, "SENT");
            for (int i = 0; i < 3; i++) {
                producer.requestBody("direct:civil.pmht-poll", "", String.class);
            }
            gw.awaitState(th1, "RESULT_DELIVERED");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> dvclt.statuses(th1).contains(5));
            JsonNode four = parse(dvclt.statusUpdates().stream().filter(u -> u.maHoSo().equals(th1) && u.trangThai() == 4)
                    .findFirst().orElseThrow().body());
            String soDinhDanh = parse(four.path("ketQuaXuLy").asText()).path("soDinhDanh").asText();
            assertThat(soDinhDanh).as("PMHT's registration ID number").matches("\\d{12}");
            secrets.add(soDinhDanh);

            // a dossier with our citizens' numbers waits for the officer: its push body is a file
            Map<String, Object> dossier = Dossiers.birth(waiting);
            Dossiers.data(dossier).put("nksSoGiayToTuyThan", CHILD_ID);
            Dossiers.data(dossier).put("meSoGiayToTuyThan", MOTHER_ID);
            Dossiers.data(dossier).put("nycSoGiayToTuyThan", APPLICANT_ID);
            Dossiers.data(dossier).put("nycSoDienThoai", PHONE);
            assertThat(gw.post("/api/civil/dossiers", json(dossier)).statusCode()).isEqualTo(202);
            gw.awaitState(waiting, "AWAITING_ACCEPTANCE");

            // hospital evidence, looked up by the mother's / deceased's ID number, and a dossier's link by ID number
            String maGCS = "GCS-2026-AR" + id;
            String maGBT = "GBT-2026-AR" + id;
            assertThat(gw.post("/api/health/birth-certificates", json(HospitalRecords.birthCertificate(maGCS, HOSPITAL_MOTHER_ID))).statusCode()).isEqualTo(200);
            assertThat(gw.post("/api/health/death-notices", json(HospitalRecords.deathNotice(maGBT, DECEASED_ID))).statusCode()).isEqualTo(200);
            EvidenceStore evidence = gw.gateway().bean("evidenceStore", EvidenceStore.class);
            evidence.link(waiting, "NKT_ID", DECEASED_ID);

            // every reader answers in clear
            JsonNode byMother = parse(gw.get("/api/health/birth-certificates?motherId=" + HOSPITAL_MOTHER_ID).body());
            assertThat(byMother.path("certificates").get(0).path("maGCS").asText()).isEqualTo(maGCS);
            assertThat(byMother.path("certificates").get(0).path("meHoTen").asText()).isEqualTo("Trần Thị Mẫu");
            assertThat(parse(gw.get("/api/health/death-notices?deceasedId=" + DECEASED_ID).body()).path("notices")).hasSize(1);
            assertThat(gw.get("/api/health/birth-certificates?motherId=001195099999").statusCode()).isEqualTo(404);
            assertThat(evidence.links(waiting)).filteredOn(l -> l.kind().equals("NKT_ID"))
                    .extracting(EvidenceStore.Link::ref).containsExactly(DECEASED_ID);
            assertThat(gw.gateway().ledger().payloads(waiting)).singleElement()
                    .satisfies(p -> assertThat(p.payload()).contains(MOTHER_ID));
            HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(gw.authorized(HttpRequest.newBuilder(URI.create(
                    gw.baseUrl() + "/api/dossiers/" + th1 + "/result"))).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(pdf.statusCode()).isEqualTo(200);
            assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
            String console = consoleDossier(gw, waiting);
            assertThat(console).contains("05******26").doesNotContain(MOTHER_ID); // decrypted, then masked

            // the database, dumped as SQL by HSQLDB itself
            Path dump = dataDir.resolve("dump.sql");
            try (Connection c = DriverManager.getConnection(dbUrl, "SA", ""); Statement st = c.createStatement()) {
                st.execute("SCRIPT '" + dump.toString().replace("'", "''") + "'");
            }
            String sql = Files.readString(dump, StandardCharsets.UTF_8);
            assertThat(sql).as("the dump has the dossiers (codes in clear)").contains(th1).contains(waiting).contains(maGCS);
            assertThat(sql).as("and their contents encrypted, bound to their rows").contains("enc2:").doesNotContain("enc1:");
            for (String secret : secrets) {
                assertThat(sql).as("database dump must not contain %s", secret).doesNotContain(secret);
                assertThat(sql).as("nor its base64").doesNotContain(java.util.Base64.getEncoder().encodeToString(
                        secret.getBytes(StandardCharsets.UTF_8)).replace("=", ""));
            }

            // the files: certificates, waiting push bodies (the broker journal is the broker's, see README)
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dataDir)) {
                files = walk.filter(Files::isRegularFile).filter(p -> !p.startsWith(dataDir.resolve("broker")))
                        .filter(p -> !p.equals(dump)).toList();
            }
            assertThat(files).anyMatch(p -> p.toString().endsWith(".pdf")).anyMatch(p -> p.toString().endsWith(".json"));
            for (Path f : files) {
                byte[] bytes = Files.readAllBytes(f);
                String latin = new String(bytes, StandardCharsets.ISO_8859_1);
                String utf16 = new String(bytes, StandardCharsets.UTF_16LE);
                if (!f.getFileName().toString().endsWith(".key")) {
                    assertThat(latin).as("%s is encrypted", f).doesNotStartWith("%PDF").doesNotStartWith("{");
                }
                for (String secret : secrets) {
                    assertThat(latin).as("%s must not contain %s", f, secret).doesNotContain(secret);
                    assertThat(utf16).as("%s must not contain %s (UTF-16)", f, secret).doesNotContain(secret);
                }
            }
        }
    }

    /**
     * Encryption binds a value to its row: a hospital record copied onto another certificate's row through SQL is
     * refused by the API (not served as the other certificate), and so is a record written in clear through SQL (the
     * database is new, so the data-at-rest migration is recorded from the start).
     */
    @Test
    void aRecordCopiedToAnotherRowOrWrittenInClearThroughSqlIsRefusedNotServed() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String dbUrl = "jdbc:hsqldb:mem:moved" + id + ";hsqldb.tx=mvcc";
        String otherMother = "001195055555";
        try (GatewayHarness gw = GatewayHarness.start(Map.of("DB_URL", dbUrl));
             Connection sql = DriverManager.getConnection(dbUrl, "SA", "")) {
            String a = "GCS-2026-MA" + id;
            String b = "GCS-2026-MB" + id;
            Map<String, Object> recordB = HospitalRecords.birthCertificate(b, otherMother);
            recordB.put("meHoTen", "Lê Thị Khác");
            assertThat(gw.post("/api/health/birth-certificates", json(HospitalRecords.birthCertificate(a, HOSPITAL_MOTHER_ID))).statusCode()).isEqualTo(200);
            assertThat(gw.post("/api/health/birth-certificates", json(recordB)).statusCode()).isEqualTo(200);
            assertThat(gw.get("/api/health/birth-certificates/" + b).body()).contains("Lê Thị Khác");

            try (var ps = sql.prepareStatement("UPDATE health_birth_certificate SET record_json ="
                    + " (SELECT record_json FROM health_birth_certificate WHERE ma_gcs = ?) WHERE ma_gcs = ?")) {
                ps.setString(1, a);
                ps.setString(2, b);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            HttpResponse<String> moved = gw.get("/api/health/birth-certificates/" + b);
            assertThat(moved.statusCode()).as(moved.body()).isGreaterThanOrEqualTo(500);
            assertThat(moved.body()).doesNotContain(a).doesNotContain("Trần Thị Mẫu").doesNotContain(HOSPITAL_MOTHER_ID);
            assertThat(gw.get("/api/health/birth-certificates/" + a).statusCode()).isEqualTo(200); // the original still reads

            String forged = "GCS-2026-MF" + id;
            try (var ps = sql.prepareStatement("INSERT INTO health_birth_certificate (ma_gcs, me_so_giay_to, nks_ngay_sinh,"
                    + " source, record_json, revision, created_at, updated_at) VALUES (?, ?, '2026-07-05', 'HIS-HTTP', ?, 1,"
                    + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")) {
                ps.setString(1, forged);
                ps.setString(2, otherMother);
                ps.setString(3, "{\"maGCS\":\"" + forged + "\",\"meHoTen\":\"Kẻ Giả Mạo\",\"meSoGiayToTuyThan\":\"" + otherMother + "\"}");
                ps.executeUpdate();
            }
            HttpResponse<String> clear = gw.get("/api/health/birth-certificates/" + forged);
            assertThat(clear.statusCode()).as(clear.body()).isGreaterThanOrEqualTo(500);
            assertThat(clear.body()).doesNotContain("Giả Mạo").doesNotContain(otherMother);
        }
    }

    @Test
    void retentionDeletesOldFinishedDossiersContentsKeepsTrailsAndLeavesYoungOrOpenOnes() throws Exception {
        MutableClock clock = new MutableClock();
        String id = UUID.randomUUID().toString().substring(0, 6);
        Path importDir = Path.of("target", "test-data", "retention-import-" + id).toAbsolutePath();
        // a hospital workbook imported long ago, and one imported "today" (after the clock moved)
        Path oldWorkbook = Files.createDirectories(importDir.resolve("done")).resolve("old.xlsx");
        Path youngWorkbook = importDir.resolve("uploads").resolve("young.xlsx");
        Files.write(oldWorkbook, new byte[] {1});
        Files.createDirectories(youngWorkbook.getParent());
        Files.write(youngWorkbook, new byte[] {2});
        try (GatewayHarness gw = GatewayHarness.start(Map.of("PAYLOAD_RETENTION_DAYS", "90",
                "HEALTH_IMPORT_DIR", importDir.toString()), clock)) {
            ProducerTemplate producer = gw.gateway().camelContext().createProducerTemplate();
            DvcltSimulator dvclt = gw.gateway().bean("dvcltSimulator", DvcltSimulator.class);
            EvidenceStore evidence = gw.gateway().bean("evidenceStore", EvidenceStore.class);

            // old and finished: a registration with its certificate and the hospital certificate it used
            String registered = scenario(dvclt, "TH1");
            producer.requestBody("direct:civil.dvclt-pull", "", String.class);
            gw.awaitState(registered, "SENT");
            for (int i = 0; i < 3; i++) {
                producer.requestBody("direct:civil.pmht-poll", "", String.class);
            }
            gw.awaitState(registered, "RESULT_DELIVERED");
            String maGCS = "GCS-2026-RT" + id;
            assertThat(gw.post("/api/health/birth-certificates", json(HospitalRecords.birthCertificate(maGCS, HOSPITAL_MOTHER_ID))).statusCode()).isEqualTo(200);
            assertThat(gw.gateway().bean("evidenceUsage", EvidenceUsage.class).markBirthCertificateUsed(maGCS, registered)).isTrue();
            // old and finished: refused by PMHT
            String rejected = "G22.99.08-261127-" + (8000 + System.nanoTime() % 500); // apart from open and young below
            gw.gateway().bean("pmhtSimulator", PmhtSimulator.class).rejectDossier(rejected, "Hồ sơ không thuộc thẩm quyền");
            gw.post("/api/civil/dossiers", json(Dossiers.birth(rejected)));
            gw.awaitState(rejected, "FAILED");
            // old but still open: at PMHT, no decision yet
            String open = "G22.99.08-261127-" + (8500 + System.nanoTime() % 400);
            gw.post("/api/civil/dossiers", json(Dossiers.birth(open)));
            gw.awaitState(open, "SENT");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> gw.browse("civil.status.outbound").isEmpty());
            assertThat(gw.get("/api/dossiers/" + registered + "/result").statusCode()).isEqualTo(200);
            int trailBefore = gw.gateway().ledger().find(registered).orElseThrow().trail().size();

            clock.advance(Duration.ofDays(91));
            // young and finished
            String young = "G22.99.08-261127-" + (8900 + System.nanoTime() % 100);
            gw.gateway().bean("pmhtSimulator", PmhtSimulator.class).rejectDossier(young, "Hồ sơ không thuộc thẩm quyền");
            gw.post("/api/civil/dossiers", json(Dossiers.birth(young)));
            gw.awaitState(young, "FAILED");

            Files.setLastModifiedTime(youngWorkbook, java.nio.file.attribute.FileTime.from(clock.instant()));

            String run = producer.requestBody("direct:ops.retention", "", String.class);
            assertThat(parse(run).path("purgedDossiers").asInt()).as(run).isEqualTo(2);
            assertThat(parse(run).path("healthImportFiles").asInt()).as(run).isEqualTo(1);
            assertThat(oldWorkbook).doesNotExist();
            assertThat(youngWorkbook).exists();

            // contents gone, trail kept and told
            for (String code : List.of(registered, rejected)) {
                assertThat(gw.gateway().ledger().payloads(code)).as(code).isEmpty();
                DossierView view = gw.gateway().ledger().find(code).orElseThrow();
                assertThat(view.trail()).extracting(DossierView.Event::outcome).contains("RECEIVED", "PAYLOAD_PURGED");
                assertThat(view.state()).isIn("RESULT_DELIVERED", "FAILED");
            }
            DossierView after = gw.gateway().ledger().find(registered).orElseThrow();
            assertThat(after.trail()).hasSize(trailBefore + 1);
            assertThat(after.trail().get(after.trail().size() - 1).reason()).contains("payload versions 1", "certificate",
                    "evidence records 1", "status bodies", "trail is kept");
            assertThat(gw.get("/api/dossiers/" + registered + "/result").statusCode()).isEqualTo(404);
            JsonNode cert = parse(gw.get("/api/health/birth-certificates/" + maGCS).body());
            assertThat(cert.path("meHoTen").isMissingNode() || cert.path("meHoTen").asText().isEmpty()).as(cert.toString()).isTrue();
            assertThat(cert.path("usedBy").asText()).isEqualTo(registered);
            assertThat(evidence.birthsByMother(HOSPITAL_MOTHER_ID)).isEmpty();

            // young or open dossiers untouched
            for (String code : List.of(young, open)) {
                assertThat(gw.gateway().ledger().payloads(code)).as(code).hasSize(1);
                assertThat(gw.gateway().ledger().find(code).orElseThrow().trail())
                        .extracting(DossierView.Event::outcome).doesNotContain("PAYLOAD_PURGED");
            }

            // a second run finds nothing more; the metric counts the purged dossiers
            assertThat(parse(producer.requestBody("direct:ops.retention", "", String.class)).path("purgedDossiers").asInt()).isZero();
            assertThat(gw.management("/observe/metrics").body()).containsPattern("gateway_payloads_purged_total\\{[^}]*} 2\\.0");
        }
    }

    @Test
    void retentionZeroKeepsEverything() throws Exception {
        MutableClock clock = new MutableClock();
        try (GatewayHarness gw = GatewayHarness.start(Map.of("PAYLOAD_RETENTION_DAYS", "0"), clock)) {
            String rejected = "G22.99.08-261127-" + (9000 + System.nanoTime() % 900);
            gw.gateway().bean("pmhtSimulator", PmhtSimulator.class).rejectDossier(rejected, "Hồ sơ không thuộc thẩm quyền");
            gw.post("/api/civil/dossiers", json(Dossiers.birth(rejected)));
            gw.awaitState(rejected, "FAILED");
            clock.advance(Duration.ofDays(3650));
            String run = gw.gateway().camelContext().createProducerTemplate().requestBody("direct:ops.retention", "", String.class);
            assertThat(parse(run).path("purgedDossiers").asInt()).isZero();
            assertThat(gw.gateway().ledger().payloads(rejected)).hasSize(1);
            assertThat(gw.gateway().camelContext().getRouteController().getRouteStatus("ops.retention-schedule").isStarted()).isFalse();
        }
    }

    static String scenario(DvcltSimulator dvclt, String name) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + dvclt.port() + "/sandbox/scenarios/" + name)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return parse(r.body()).path("maHoSo").asText();
    }

    static String consoleDossier(GatewayHarness gw, String maHoSo) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/api/ops/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"viewer\",\"password\":\"viewer\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String token = parse(login.body()).path("token").asText();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/api/ops/dossiers/" + maHoSo))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }
}
