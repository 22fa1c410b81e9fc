package vn.lienthong.gateway.health;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import vn.lienthong.gateway.support.GatewayHarness;
import vn.lienthong.gateway.support.HospitalRecords;

/** Hospital records and Excel workbooks for the health-flow tests. */
final class HealthFixtures {

    private static final AtomicInteger SEQ = new AtomicInteger((int) (System.nanoTime() % 100_000));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HealthFixtures() {
    }

    static String number(String prefix) {
        return prefix + "-2026-" + String.format("%06d", SEQ.incrementAndGet());
    }

    /** A 12-digit personal ID number unique within the run. */
    static String idNumber() {
        return String.format("0011950%05d", SEQ.incrementAndGet() % 100_000);
    }

    /** A birth certificate as a hospital's HIS sends it. */
    static Map<String, Object> birth(String maGCS, String motherId) {
        return HospitalRecords.birthCertificate(maGCS, motherId);
    }

    /** A death notice as a hospital's HIS sends it. */
    static Map<String, Object> death(String maGBT, String deceasedId) {
        return HospitalRecords.deathNotice(maGBT, deceasedId);
    }

    /** An .xlsx with one sheet: a title row, the header row, then the records (dates as real date cells). */
    static byte[] workbook(String sheetName, List<String> header, List<Map<String, Object>> rows) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet(sheetName);
            CellStyle dateStyle = wb.createCellStyle();
            dateStyle.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("dd/mm/yyyy"));
            sheet.createRow(0).createCell(0).setCellValue("Danh sách xuất từ phần mềm HIS");
            Row h = sheet.createRow(2);
            for (int i = 0; i < header.size(); i++) {
                h.createCell(i).setCellValue(header.get(i));
            }
            int r = 3;
            for (Map<String, Object> record : rows) {
                Row row = sheet.createRow(r++);
                List<Object> values = new ArrayList<>(record.values());
                for (int i = 0; i < values.size(); i++) {
                    Object v = values.get(i);
                    if (v == null) {
                        continue;
                    }
                    var cell = row.createCell(i);
                    if (v instanceof LocalDate d) {
                        cell.setCellValue(d);
                        cell.setCellStyle(dateStyle);
                    } else if (v instanceof Number n) {
                        cell.setCellValue(n.doubleValue());
                    } else {
                        cell.setCellValue(v.toString());
                    }
                }
            }
            wb.write(out);
            return out.toByteArray();
        }
    }

    /**
     * Runs PMHT status polls (as the Quartz schedule does) until the dossier reaches {@code state}; REGISTERED also
     * accepts RESULT_DELIVERED (the relay may deliver 4 and 5 before the check).
     */
    static void pollPmhtUntil(GatewayHarness gw, String maHoSo, String state) {
        org.apache.camel.ProducerTemplate producer = gw.gateway().camelContext().createProducerTemplate();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            producer.requestBody("direct:civil.pmht-poll", "", String.class);
            String now = gw.gateway().ledger().stateOf(maHoSo).map(Enum::name).orElse("");
            return now.equals(state) || "REGISTERED".equals(state) && "RESULT_DELIVERED".equals(now);
        });
    }

    static HttpResponse<String> postBytes(GatewayHarness gw, String path, byte[] body) throws Exception {
        return HTTP.send(gw.authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.gateway().config().httpPort() + path)))
                        .header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
