package vn.lienthong.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.support.Dossiers.json;
import static vn.lienthong.gateway.support.Dossiers.parse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.support.GatewayHarness;

/** Seed 004 solution 3: HIS Excel exports imported row by row (HTTP upload and watched folder), or refused whole. */
class HealthExcelImportTest {

    static final int MAX_ROWS = 20;
    static final int MAX_BYTES = 300_000;

    static GatewayHarness gw;
    static Path importDir;
    static EvidenceUsage usage;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.start(Map.of("HEALTH_IMPORT_MAX_ROWS", String.valueOf(MAX_ROWS),
                "HEALTH_IMPORT_MAX_BYTES", String.valueOf(MAX_BYTES), "HEALTH_IMPORT_POLL_MS", "200"));
        importDir = gw.gateway().bean("excelImport", ExcelImport.class).importDir();
        usage = gw.gateway().bean("evidenceUsage", EvidenceUsage.class);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** Birth rows with real date cells, in the header's order. */
    static Map<String, Object> birthRow(String maGCS, String motherId) {
        Map<String, Object> r = new LinkedHashMap<>(HealthFixtures.birth(maGCS, motherId));
        r.put("ngayCapGCS", LocalDate.of(2026, 7, 10));
        r.put("nksNgaySinh", LocalDate.of(2026, 7, 5));
        r.put("meNgaySinh", LocalDate.of(1995, 1, 1));
        return r;
    }

    static List<String> birthHeader() {
        return List.copyOf(HealthFixtures.birth("x", "y").keySet());
    }

    @Test
    void uploadImportsEachRowThroughTheSameChecksAndReportsEveryRow() throws Exception {
        String fresh = HealthFixtures.number("GCS");
        String invalid = HealthFixtures.number("GCS");
        String unused = HealthFixtures.number("GCS");
        String used = HealthFixtures.number("GCS");
        assertThat(gw.post("/api/health/birth-certificates", json(HealthFixtures.birth(unused, HealthFixtures.idNumber()))).statusCode()).isEqualTo(200);
        assertThat(gw.post("/api/health/birth-certificates", json(HealthFixtures.birth(used, HealthFixtures.idNumber()))).statusCode()).isEqualTo(200);
        assertThat(usage.markBirthCertificateUsed(used, "G22.99.08-260713-7701")).isTrue();

        Map<String, Object> bad = birthRow(invalid, "00119500");
        bad.put("meHoTen", null);
        byte[] xlsx = HealthFixtures.workbook("GiayChungSinh", birthHeader(), List.of(
                birthRow(fresh, HealthFixtures.idNumber()), bad, birthRow(unused, HealthFixtures.idNumber()),
                birthRow(used, HealthFixtures.idNumber())));

        HttpResponse<String> r = HealthFixtures.postBytes(gw, "/api/health/imports?name=benhvien-phusan.xlsx", xlsx);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode report = parse(r.body());
        assertThat(report.path("status").asText()).isEqualTo("imported");
        assertThat(report.path("accepted").asInt()).isEqualTo(2);
        assertThat(report.path("rejected").asInt()).isEqualTo(2);
        JsonNode rows = report.path("rows");
        assertThat(rows.get(0).path("row").asInt()).isEqualTo(4);
        assertThat(rows.get(0).path("number").asText()).isEqualTo(fresh);
        assertThat(rows.get(0).path("action").asText()).isEqualTo("stored");
        assertThat(rows.get(1).path("status").asText()).isEqualTo("rejected");
        assertThat(rows.get(1).path("reason").asText()).contains("meHoTen: is required").contains("meSoGiayToTuyThan");
        assertThat(rows.get(2).path("action").asText()).isEqualTo("updated");
        assertThat(rows.get(3).path("status").asText()).isEqualTo("rejected");
        assertThat(rows.get(3).path("reason").asText()).contains("already used");

        JsonNode stored = parse(gw.get("/api/health/birth-certificates/" + fresh).body());
        assertThat(stored.path("nksNgaySinh").asText()).isEqualTo("2026-07-05");
        assertThat(stored.path("source").asText()).isEqualTo("EXCEL");
        assertThat(gw.get("/api/health/birth-certificates/" + invalid).statusCode()).isEqualTo(404);
        assertThat(parse(gw.get("/api/health/birth-certificates/" + used).body()).path("revision").asInt()).isEqualTo(1);

        Path csv = importDir.resolve(report.path("report").asText());
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).endsWith("row,sheet,kind,number,status,action,reason");
        assertThat(lines).hasSize(5);
        assertThat(lines.get(1)).startsWith("4,GiayChungSinh,birth," + fresh + ",accepted,stored");
        assertThat(lines.get(4)).contains(used).contains("rejected").contains("already used");
        assertThat(Files.exists(csv.resolveSibling(csv.getFileName().toString().replace(".report.csv", "")))).isTrue();
    }

    @Test
    void fileDroppedInTheWatchedFolderIsImportedAndMovedToDoneWithItsReport() throws Exception {
        // Vietnamese column titles as HIS exports them
        List<String> header = List.of("Số giấy báo tử", "Ngày cấp", "Mã cơ sở KCB", "Họ tên người chết", "Giới tính",
                "Số CCCD", "Ngày chết", "Giờ chết", "Nơi chết", "Nguyên nhân chết");
        String first = HealthFixtures.number("GBT");
        String second = HealthFixtures.number("GBT");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String n : List.of(first, second)) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("n", n);
            r.put("cap", LocalDate.of(2026, 7, 2));
            r.put("cs", "27001");
            r.put("ten", "Lê Văn Giả");
            r.put("gt", "Nam");
            r.put("id", HealthFixtures.idNumber());
            r.put("chet", LocalDate.of(2026, 7, 1));
            r.put("gio", "10h15");
            r.put("noi", "Bệnh viện Đa khoa tỉnh Bắc Ninh");
            r.put("nn", "Bệnh");
            rows.add(r);
        }
        drop("tuvong-thang7.xlsx", HealthFixtures.workbook("Sheet1", header, rows));

        Path report = awaitFile(importDir.resolve("done"), "tuvong-thang7.xlsx.report.csv");
        assertThat(Files.readString(report)).contains(first + ",accepted,stored").contains(second + ",accepted,stored");
        assertThat(listNames(importDir.resolve("done"))).anyMatch(n -> n.endsWith("-tuvong-thang7.xlsx"));
        assertThat(Files.exists(importDir.resolve("tuvong-thang7.xlsx"))).isFalse();
        JsonNode notice = parse(gw.get("/api/health/death-notices/" + first).body());
        assertThat(notice.path("nktGioPhutChet").asText()).isEqualTo("10:15");
        assertThat(notice.path("nktGioiTinh").asText()).isEqualTo("1");
    }

    @Test
    void malformedFileIsRefusedWholeOverHttpAndFromTheFolder() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        HttpResponse<String> r = HealthFixtures.postBytes(gw, "/api/health/imports?name=hong.xlsx", garbage);
        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode answer = parse(r.body());
        assertThat(answer.path("status").asText()).isEqualTo("refused");
        assertThat(answer.path("reason").asText()).contains("xlsx");
        assertThat(answer.path("rows").size()).isZero();

        // a real workbook cut in half
        byte[] whole = HealthFixtures.workbook("GCS", birthHeader(), List.of(birthRow(HealthFixtures.number("GCS"), HealthFixtures.idNumber())));
        drop("cut.xlsx", java.util.Arrays.copyOf(whole, whole.length / 2));
        Path report = awaitFile(importDir.resolve("failed"), "cut.xlsx.report.csv");
        assertThat(Files.readString(report)).contains(",refused,");
        assertThat(listNames(importDir.resolve("failed"))).anyMatch(n -> n.endsWith("-cut.xlsx"));
    }

    @Test
    void tooManyRowsIsRefusedWholeAndNoRowIsImported() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i <= MAX_ROWS; i++) {
            String n = HealthFixtures.number("GCS");
            numbers.add(n);
            rows.add(birthRow(n, HealthFixtures.idNumber()));
        }
        HttpResponse<String> r = HealthFixtures.postBytes(gw, "/api/health/imports",
                HealthFixtures.workbook("GCS", birthHeader(), rows));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(parse(r.body()).path("reason").asText()).contains("more than " + MAX_ROWS + " data rows");
        assertThat(gw.get("/api/health/birth-certificates/" + numbers.get(0)).statusCode()).isEqualTo(404);
    }

    @Test
    void sheetWithoutAColumnForARequiredFieldIsRefused() throws Exception {
        List<String> header = new ArrayList<>(birthHeader());
        Map<String, Object> row = birthRow(HealthFixtures.number("GCS"), HealthFixtures.idNumber());
        header.remove("meSoGiayToTuyThan");
        row.remove("meSoGiayToTuyThan");
        HttpResponse<String> r = HealthFixtures.postBytes(gw, "/api/health/imports", HealthFixtures.workbook("GCS", header, List.of(row)));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(parse(r.body()).path("reason").asText()).contains("meSoGiayToTuyThan");

        HttpResponse<String> none = HealthFixtures.postBytes(gw, "/api/health/imports",
                HealthFixtures.workbook("Notes", List.of("ghi chú"), List.of(Map.of("a", "nothing here"))));
        assertThat(none.statusCode()).isEqualTo(422);
        assertThat(parse(none.body()).path("reason").asText()).contains("no sheet");
    }

    @Test
    void zipBombIsRefusedAndAnOversizeUploadGets413() throws Exception {
        String n = HealthFixtures.number("GCS");
        byte[] real = HealthFixtures.workbook("GCS", birthHeader(), List.of(birthRow(n, HealthFixtures.idNumber())));
        byte[] bomb = withInflatedSheet(real, 40 * 1024 * 1024);
        assertThat(bomb.length).isLessThan(MAX_BYTES);
        HttpResponse<String> r = HealthFixtures.postBytes(gw, "/api/health/imports?name=bomb.xlsx", bomb);
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(parse(r.body()).path("reason").asText()).contains("zip bomb");
        assertThat(gw.get("/api/health/birth-certificates/" + n).statusCode()).isEqualTo(404);

        byte[] big = new byte[MAX_BYTES + 1];
        HttpResponse<String> tooBig = HealthFixtures.postBytes(gw, "/api/health/imports", big);
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(parse(tooBig.body()).path("reason").asText()).contains("HEALTH_IMPORT_MAX_BYTES");
    }

    /** The same workbook whose first sheet's XML carries {@code padding} spaces: tiny compressed, huge inflated. */
    private static byte[] withInflatedSheet(byte[] xlsx, int padding) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(xlsx)); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(9);
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] content = in.readAllBytes();
                zip.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("xl/worksheets/sheet1.xml")) {
                    String xml = new String(content, StandardCharsets.UTF_8);
                    int at = xml.indexOf("<sheetData>") + "<sheetData>".length();
                    zip.write(xml.substring(0, at).getBytes(StandardCharsets.UTF_8));
                    byte[] spaces = new byte[1024 * 1024];
                    java.util.Arrays.fill(spaces, (byte) ' ');
                    for (int i = 0; i < padding / spaces.length; i++) {
                        zip.write(spaces);
                    }
                    zip.write(xml.substring(at).getBytes(StandardCharsets.UTF_8));
                } else {
                    zip.write(content);
                }
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static void drop(String name, byte[] content) throws Exception {
        // written under a hidden name, then renamed: the folder never shows half a file
        Path tmp = importDir.resolve("." + name + ".part");
        Files.write(tmp, content);
        Files.move(tmp, importDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path awaitFile(Path dir, String suffix) throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.isDirectory(dir) && listNames(dir).stream().anyMatch(n -> n.endsWith(suffix)));
        return dir.resolve(listNames(dir).stream().filter(n -> n.endsWith(suffix)).findFirst().orElseThrow());
    }

    private static List<String> listNames(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
