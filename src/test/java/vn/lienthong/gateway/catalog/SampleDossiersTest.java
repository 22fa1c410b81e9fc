package vn.lienthong.gateway.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import vn.lienthong.gateway.civil.AddressCandidate;
import vn.lienthong.gateway.civil.AddressOutcome;
import vn.lienthong.gateway.civil.PmhtAddress;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's sample dossiers in samples/ must keep resolving the way they claim to. */
class SampleDossiersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AdminUnitCatalog catalog = AdminUnitCatalog.loadDefault();
    private final CatalogAddressNormalizer normalizer = new CatalogAddressNormalizer(catalog);

    private static JsonNode read(String name) throws Exception {
        return JSON.readTree(Path.of("samples", name).toFile());
    }

    private static LocalDate dateOf(JsonNode dossier) {
        return LocalDateTime.parse(dossier.get("ngayTiepNhan").asText(), DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss"))
                .toLocalDate();
    }

    private PmhtAddress resolve(String field, String raw, String unit, LocalDate date) {
        AddressOutcome out = normalizer.normalize(field, raw, unit, date);
        assertThat(out).as(field).isInstanceOf(AddressOutcome.Resolved.class);
        return ((AddressOutcome.Resolved) out).address();
    }

    private void assertEnvelope(JsonNode d, String module, String province) {
        LocalDate date = dateOf(d);
        assertThat(date.getYear()).isEqualTo(2026);
        assertThat(d.get("module").asText()).isEqualTo(module);
        assertThat(catalog.checkMaDonVi(d.get("maDonVi").asText(), date)).isEmpty();
        assertThat(catalog.provinceOf(d.get("maDonVi").asText(), date)).contains(province);
        byte[] pdf = Base64.getDecoder().decode(d.get("fileDinhKem").get(0).get("duLieuTepDinhKem").asText());
        assertThat(new String(pdf, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        assertThat(new String(pdf, StandardCharsets.ISO_8859_1).strip()).endsWith("%%EOF");
    }

    @Test
    void birthWithFlatAddresses() throws Exception {
        JsonNode d = read("birth-flat-address.json");
        assertEnvelope(d, "KS", "24");
        JsonNode data = d.get("data");
        LocalDate date = dateOf(d);
        assertThat(resolve("data.nksNoiSinh", data.get("nksNoiSinh").asText(), data.get("nksNoiSinhDVHC").asText(), date))
                .isEqualTo(new PmhtAddress("24", "", "09190", "Bệnh viện Sản Nhi Bắc Ninh"));
        for (String f : new String[] {"meNoiCuTru", "chaNoiCuTru", "nycNoiCuTru"}) {
            PmhtAddress a = resolve("data." + f, data.get(f).asText(), null, date);
            assertThat(a).as(f).extracting(PmhtAddress::maTinh, PmhtAddress::maHuyen, PmhtAddress::maXa)
                    .containsExactly("24", "", "09190");
            assertThat(a.dcChiTiet()).as(f).containsIgnoringCase("12").doesNotContainIgnoringCase("ninh");
        }
        assertThat(resolve("data.nksQueQuan", data.get("nksQueQuan").asText(), null, date))
                .isEqualTo(new PmhtAddress("24", "", "07682", ""));
    }

    @Test
    void deathWithXmlData() throws Exception {
        JsonNode d = read("death-xml-data.json");
        assertEnvelope(d, "KT", "24");
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(d.get("data").asText().getBytes(StandardCharsets.UTF_8)));
        assertThat(xml.getDocumentElement().getTagName()).isEqualTo("hoTich");
        LocalDate date = dateOf(d);
        String noiCuTru = xml.getElementsByTagName("nktNoiCuTru").item(0).getTextContent();
        String noiChet = xml.getElementsByTagName("nktNoiChet").item(0).getTextContent();
        String nyc = xml.getElementsByTagName("nycNoiCuTru").item(0).getTextContent();
        assertThat(resolve("data.nktNoiCuTru", noiCuTru, null, date))
                .isEqualTo(new PmhtAddress("24", "", "09190", "Số 8 đường Nguyễn Đăng Đạo"));
        // 09187 Phường Kinh Bắc, Tỉnh Bắc Ninh
        assertThat(resolve("data.nktNoiChet", noiChet, null, date))
                .isEqualTo(new PmhtAddress("24", "", "09187", "Bệnh viện Đa khoa tỉnh Bắc Ninh"));
        assertThat(resolve("data.nycNoiCuTru", nyc, null, date).maXa()).isEqualTo("09190");
    }

    @Test
    void birthWithAnAmbiguousAddress() throws Exception {
        JsonNode d = read("birth-ambiguous-address.json");
        assertEnvelope(d, "KS", "01");
        JsonNode data = d.get("data");
        LocalDate date = dateOf(d);
        AddressOutcome me = normalizer.normalize("data.meNoiCuTru", data.get("meNoiCuTru").asText(), null, date);
        assertThat(me).isInstanceOf(AddressOutcome.Ambiguous.class);
        assertThat(((AddressOutcome.Ambiguous) me).candidates()).extracting(AddressCandidate::maXa)
                .containsExactlyInAnyOrder("00070", "00004", "00226", "00190");
        for (String f : new String[] {"nksNoiSinh", "chaNoiCuTru", "nycNoiCuTru", "nksQueQuan"}) {
            assertThat(resolve("data." + f, data.get(f).asText(), null, date).maXa()).as(f).isEqualTo("00004");
        }
    }
}
