package vn.lienthong.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MOLISA simulator refuses what seed 003's tables forbid, with the seed's answer {@code {error_code != 0,
 * message}} naming the field. The rules are read here from the seed text itself (docs/seeds/003, Phụ lục 1 2.a),
 * not from the simulator's resource nor the gateway's MolisaFieldSpec.
 */
class MolisaSimulatorSeedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SEED = Path.of("docs", "seeds", "003_1c3acb925739a88d.txt");
    private static final Pattern ROW = Pattern.compile("^(\\d+)\\t(\\w+)\\t(String|Int|Date|DateTime)\\t(\\d*)[^\\t]*\\t[^\\t]*\\t?(Bắt buộc)?\\s*$");

    private final HttpClient http = HttpClient.newHttpClient();
    private MolisaSimulator sim;
    private String token;

    record Row(String name, String type, Integer max, boolean required) {
    }

    @BeforeEach
    void start() throws Exception {
        sim = new MolisaSimulator("127.0.0.1", 0, "tinh", "pw").start();
        token = JSON.readTree(post("GetToken", null, "{\"username\":\"tinh\",\"password\":\"pw\"}")).path("token").asText();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String post(String operation, String accessKey, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/api/v1/Service/" + operation))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (accessKey != null) {
            b.header("AccessKey", accessKey);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private JsonNode dongBo(Map<String, Object> record) throws Exception {
        return JSON.readTree(post("DongBoDVC", token, JSON.writeValueAsString(List.of(record))));
    }

    /** Rows of the DongBoDVC table of Phụ lục 1 (2.a), as the seed prints them. */
    static List<Row> seedRows() throws Exception {
        String text = Files.readString(SEED);
        String table = text.substring(text.indexOf("a. Thông tin cơ bản của hồ sơ cần đồng bộ"),
                text.indexOf("Ví dụ cấu trúc Json thông tin cơ bản", text.indexOf("a. Thông tin cơ bản của hồ sơ cần đồng bộ")));
        List<Row> rows = new ArrayList<>();
        for (String line : table.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.add(new Row(m.group(2), m.group(3), m.group(4).isEmpty() ? null : Integer.valueOf(m.group(4)),
                        m.group(5) != null));
            }
        }
        return rows;
    }

    /** The seed's example record (2.a), corrected only where it breaks its own table and lists. */
    static Map<String, Object> validRecord(String maHoSo) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("MaHoSo", maHoSo);
        r.put("MaTTHC", "1.001753");
        r.put("TenTTHC", "Quyết định trợ cấp xã hội hàng tháng");
        r.put("HoVaTen", "Nguyễn Văn An");
        r.put("NgayThangNamSinh", "12/12/2022");
        r.put("GioiTinhId", "1034");      // example "NA": not in VI.3
        r.put("DanTocId", "29");          // example "01": the GSO code, not the VI.2 Id
        r.put("CMND", "122234567890");
        r.put("CMND_NgayCap", "12/12/2021");
        r.put("CMND_NoiCap", "1195");     // example "Hà Nội": the VI.4 id of Thành phố Hà Nội
        r.put("MaTinh", "01");
        r.put("MaHuyen", "001");          // example "111"
        r.put("MaXa", "00001");           // example "1111": GSO communes have 5 digits
        r.put("HKTT_MaThon", "Tổ dân phố Đại Cát 3");  // example spells the prefix HKTTC_
        r.put("NOHT_ChiTiet", "Số nhà 12 A, Đại Cát 3 – Liên Mạc – Từ Liêm");
        r.put("StatusId", 1);
        r.put("SubmittedDate", "12/12/2021 12:22:34");
        return r;
    }

    @Test
    void theSeedsTableIsWhatTheSimulatorEnforces() throws Exception {
        List<Row> rows = seedRows();
        assertThat(rows).hasSize(27);
        assertThat(dongBo(validRecord("HS-OK")).path("error_code").asInt()).isZero();
        int n = 0;
        for (Row row : rows) {
            if (row.required()) {
                Map<String, Object> missing = validRecord("HS-R" + n++);
                missing.remove(row.name());
                JsonNode a = dongBo(missing);
                assertThat(a.path("error_code").asInt()).as(row.name()).isNotZero();
                assertThat(a.path("message").asText()).contains("Trường " + row.name() + " là bắt buộc");
            }
            if (row.max() != null) {
                Map<String, Object> tooLong = validRecord("HS-L" + n++);
                tooLong.put(row.name(), "1".repeat(row.max() + 1));
                JsonNode a = dongBo(tooLong);
                assertThat(a.path("error_code").asInt()).as(row.name()).isNotZero();
                assertThat(a.path("message").asText()).contains(row.name()).contains(String.valueOf(row.max()));
            }
            if ("Int".equals(row.type())) {
                Map<String, Object> text = validRecord("HS-I" + n++);
                text.put(row.name(), "1");
                assertThat(dongBo(text).path("message").asText()).contains(row.name()).contains("Int");
            }
        }
        assertThat(sim.acceptedDossiers()).extracting(m -> m.get("MaHoSo")).containsExactly("HS-OK");
    }

    @Test
    void theSeedsOwnExampleIsRefusedWhereItBreaksItsTable() throws Exception {
        Map<String, Object> example = validRecord("000.00.18.G12-191106-0001");
        example.remove("HKTT_MaThon");
        example.put("HKTTC_MaThon", "Tổ dân phố Đại Cát 3");
        JsonNode a = dongBo(example);
        assertThat(a.path("error_code").asInt()).isNotZero();
        assertThat(a.path("message").asText()).contains("HKTTC_MaThon").contains("không có trong đặc tả DongBoDVC");
    }

    @Test
    void onlyTheProceduresOfSectionVAreTakenAsPrintedOrInTheNationalSpelling() throws Exception {
        for (String code : List.of("2.0000286", "2.000286", "2.000751")) {
            Map<String, Object> r = validRecord("HS-P-" + code);
            r.put("MaTTHC", code);
            assertThat(dongBo(r).path("error_code").asInt()).as(code).isZero();
        }
        // a local variant of 1.001776 is not one of the codes section V lists (the gateway's catalogue takes it)
        Map<String, Object> variant = validRecord("HS-P-variant");
        variant.put("MaTTHC", "1.001776.000.00.00.H12");
        JsonNode a = dongBo(variant);
        assertThat(a.path("error_code").asInt()).isNotZero();
        assertThat(a.path("message").asText()).contains("MaTTHC").contains("mục V");
    }

    @Test
    void refusalsNameTheFieldButNeverEchoTheValue() throws Exception {
        Map<String, Object> r = validRecord("HS-PRIV");
        r.put("CMND", "0010500123456789012345678");  // 25 characters: allowed
        r.put("SoDienThoai", "0912345678".repeat(6));  // 60 > 50
        JsonNode a = dongBo(r);
        assertThat(a.path("message").asText()).contains("SoDienThoai").doesNotContain("0912345678");
    }
}
