package vn.lienthong.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vn.lienthong.gateway.civil.DvcltXmlReader;
import vn.lienthong.gateway.civil.PersonalData;

/**
 * The console's masking on a sample message of each queue (samples/ and what the flows put on their invalid
 * queues). Which fields are personal is listed here per flow, by the flow's own field names, independently of the
 * rule set under test; each listed field must be shown masked, wherever it sits (nested, in JSON or XML carried
 * as a string, namespaced or CDATA XML, a DHIS2 data value), and the operator's untouched display must restore to
 * the original exactly.
 */
class MaskingSamplesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final DvcltXmlReader XML = new DvcltXmlReader();

    static final Set<String> CIVIL = Set.of("nksHoTen", "meHoTen", "chaHoTen", "nycHoTen", "nktHoTen", "meSoGiayToTuyThan",
            "chaSoGiayToTuyThan", "nycSoGiayToTuyThan", "nktSoGiayToTuyThan", "nycSoDienThoai", "meNgaySinh", "chaNgaySinh",
            "nksNgaySinh", "nksNgaySinhBangChu", "nktNgaySinh", "meNoiCuTru", "chaNoiCuTru", "nycNoiCuTru", "nktNoiCuTru");
    static final Set<String> HEALTH = Set.of("meHoTen", "meNgaySinh", "meSoGiayToTuyThan", "meNoiCuTru", "chaHoTen",
            "nksNgaySinh", "nksHoTenDuKien", "nktHoTen", "nktNgaySinh", "nktSoGiayToTuyThan", "nktNoiCuTru");
    /** DHIS2 events name their values by data element: the sandbox's name and ID-number elements. */
    static final Set<String> DHIS2 = Set.of("deNktHoTen1", "deNktSoGTT1", "deNktNgayC1", "deNktNoiCh1", "deNktGioiT1",
            "deNktNguyN1");
    static final Set<String> MOLISA = Set.of("HoVaTen", "NgayThangNamSinh", "CMND", "SoDienThoai", "HKTTC_ChiTiet");
    static final Set<String> DVCQG = Set.of("SoDinhDanhChuSoHuu", "HoTenNguoiYeuCau", "SoDinhDanhNguoiYeuCau");

    record Sample(String queue, String text, Set<String> personal, int expectedFields) {
        @Override
        public String toString() {
            return queue;
        }
    }

    static String file(String path) throws Exception {
        return Files.readString(Path.of(path));
    }

    static String envelope(String reason, String original) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trackingId", "t-1");
        m.put("reason", reason);
        m.put("original", original);
        return JSON.writeValueAsString(m);
    }

    /** death-xml-data.json's XML rewritten as the DVCLT reader also accepts it: namespaced, CDATA, comments, entities. */
    static String namespacedCdataDeath() throws Exception {
        JsonNode d = JSON.readTree(file("samples/death-xml-data.json"));
        String xml = d.path("data").asText()
                .replace("<hoTich>", "<x:hoTich xmlns:x=\"urn:hotich\">").replace("</hoTich>", "</x:hoTich>")
                .replaceAll("<(/?)(nkt\\w+|nyc\\w+|gbt\\w+|maGBT|ngayCapGBT)>", "<$1x:$2>")
                .replace("<x:nktHoTen>Lê Văn Hư Cấu</x:nktHoTen>", "<x:nktHoTen><![CDATA[Lê Văn Hư Cấu]]></x:nktHoTen>")
                .replace("<x:nycHoTen>Lê Thị Thử Nghiệm</x:nycHoTen>", "<x:nycHoTen >Lê Thị<!-- sửa --> Thử Nghiệm</x:nycHoTen>")
                .replace("<x:nktSoGiayToTuyThan>001050000003</x:nktSoGiayToTuyThan>",
                        "<x:nktSoGiayToTuyThan>&#48;&#48;1050000003</x:nktSoGiayToTuyThan>");
        assertThat(XML.read("data", xml)).as("the DVCLT reader accepts the rewritten XML").isInstanceOf(DvcltXmlReader.Result.Parsed.class);
        Map<String, Object> data = ((DvcltXmlReader.Result.Parsed) XML.read("data", xml)).data();
        assertThat(data.get("nktHoTen")).isEqualTo("Lê Văn Hư Cấu");
        assertThat(data.get("nktSoGiayToTuyThan")).isEqualTo("001050000003");
        return JSON.writeValueAsString(Map.of("maHoSo", d.path("maHoSo").asText(), "data", xml));
    }

    static List<Sample> samples() throws Exception {
        List<Sample> s = new ArrayList<>();
        s.add(new Sample("civil.dossier.inbound (birth, JSON)", file("samples/birth-flat-address.json"), CIVIL, 15));
        s.add(new Sample("civil.dossier.review (birth)", file("samples/birth-ambiguous-address.json"), CIVIL, 15));
        s.add(new Sample("civil.dossier.inbound (death, XML data)", file("samples/death-xml-data.json"), CIVIL, 8));
        s.add(new Sample("civil.dossier.invalid (namespaced CDATA XML)", envelope("data: nktNgayChet is in the future",
                namespacedCdataDeath()), CIVIL, 8));
        s.add(new Sample("health.birth.inbound", file("samples/health/birth-certificate.json"), HEALTH, 7));
        s.add(new Sample("health.death.inbound", file("samples/health/death-notice.json"), HEALTH, 4));
        JsonNode day = JSON.readTree(file("samples/health/dhis2-day.json"));
        s.add(new Sample("health.invalid (DHIS2 event)", envelope("DHIS2 death rejected by the evidence checks",
                day.path("events").get(0).toString()), DHIS2, 6));
        s.add(new Sample("DLQ.health.dhis2-pull (DHIS2 page)", file("samples/health/dhis2-day.json"), DHIS2, 9));
        s.add(new Sample("molisa.dossier.inbound", file("samples/molisa/1-dossier.json"), MOLISA, 5));
        s.add(new Sample("molisa.decision.inbound", file("samples/molisa/4-decision.json"), MOLISA, 2));
        s.add(new Sample("molisa.invalid", envelope("CMND: must be 9 or 12 digits", file("samples/molisa/1-dossier.json")), MOLISA, 5));
        s.add(new Sample("dvcqg.papers.request", JSON.writeValueAsString(Map.of("MaThuTuc", "1.001193",
                "DanhSachDanhMucKetQua", List.of(Map.of("MaKetQua", "000.00.00.G01-KQ0266", "SoKyHieu", "")),
                "SoDinhDanhChuSoHuu", "001099012345", "HoTenNguoiYeuCau", "Cán Bộ Một Cửa", "KenhThucHien", "1",
                "SoDinhDanhNguoiYeuCau", "001085000111")), DVCQG, 3));
        return s;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyPersonalFieldOfEachQueuesSampleIsMaskedAndRestoredWhenLeftAsShown(Sample sample) throws Exception {
        String shown = PayloadDisplay.mask(sample.text());
        List<String> checked = new ArrayList<>();
        compare(JSON.readTree(sample.text()), JSON.readTree(shown), sample.personal(), "", checked);
        assertThat(checked).as("personal fields found in the sample").hasSize(sample.expectedFields());
        // the operator changes nothing: the replay body is the original, not stars
        assertThat(JSON.readTree(PayloadDisplay.restore(shown, sample.text()))).isEqualTo(JSON.readTree(sample.text()));
    }

    /** Walks the original and its display side by side; every listed personal field must be shown masked. */
    static void compare(JsonNode original, JsonNode shown, Set<String> personal, String path, List<String> checked) throws Exception {
        if (original.isObject()) {
            JsonNode element = original.get("dataElement");
            for (Iterator<Map.Entry<String, JsonNode>> it = original.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey().contains(":") ? e.getKey().substring(e.getKey().indexOf(':') + 1) : e.getKey();
                boolean dhis2Value = "value".equals(name) && element != null && personal.contains(element.asText());
                JsonNode s = shown.get(e.getKey());
                if ((personal.contains(name) || dhis2Value) && e.getValue().isValueNode()) {
                    String value = e.getValue().asText();
                    assertThat(s.asText()).as(path + "/" + e.getKey()).isEqualTo(PersonalData.mask(value));
                    if (value.length() > 4) {
                        assertThat(s.asText()).isNotEqualTo(value);
                    }
                    checked.add(path + "/" + e.getKey());
                } else {
                    compare(e.getValue(), s, personal, path + "/" + e.getKey(), checked);
                }
            }
        } else if (original.isArray()) {
            for (int i = 0; i < original.size(); i++) {
                compare(original.get(i), shown.get(i), personal, path + "[" + i + "]", checked);
            }
        } else if (original.isTextual()) {
            String o = original.asText().strip();
            if (o.startsWith("{") || o.startsWith("[")) {
                compare(JSON.readTree(o), JSON.readTree(shown.asText()), personal, path, checked);
            } else if (o.startsWith("<")) {
                // both read by the gateway's own DVCLT reader: the display must still be XML it accepts
                compare(JSON.valueToTree(((DvcltXmlReader.Result.Parsed) XML.read("data", o)).data()),
                        JSON.valueToTree(((DvcltXmlReader.Result.Parsed) XML.read("data", shown.asText())).data()),
                        personal, path, checked);
            } else if (!path.endsWith("duLieuTepDinhKem")) {
                assertThat(shown.asText()).as(path).isEqualTo(original.asText());
            }
        }
    }
}
