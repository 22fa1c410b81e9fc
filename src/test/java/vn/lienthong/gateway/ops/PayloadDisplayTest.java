package vn.lienthong.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.support.Dossiers;

/** Masking of what the console shows, and the restoring of an operator's edit. */
class PayloadDisplayTest {

    @Test
    void masksPersonalFieldsAtAnyDepthAndInsideEmbeddedJsonAndXml() {
        Map<String, Object> birth = Dossiers.birth("G1");
        String envelope = Dossiers.json(Map.of("reason", "x", "original", Dossiers.json(birth)));
        String shown = PayloadDisplay.mask(envelope);
        assertThat(shown).doesNotContain("001195000077").doesNotContain("0912345678").doesNotContain("Trần Thị Mẫu")
                .doesNotContain(Dossiers.TINY_PDF).contains("00********77").contains("G1");

        String xmlDossier = Dossiers.json(Dossiers.deathXml("G2"));
        String shownXml = PayloadDisplay.mask(xmlDossier);
        assertThat(shownXml).doesNotContain("024050000001").doesNotContain("Lê Văn Giả").contains("<nktNoiChet>Thôn 3");

        // PMHT's push body carries data as a JSON string
        String push = Dossiers.json(Map.of("maHoSoLT", "G3", "data", Dossiers.json(Map.of("meHoTen", "Trần Thị Mẫu", "meSoDDCN", 1234567))));
        assertThat(PayloadDisplay.mask(push)).doesNotContain("Trần Thị Mẫu").doesNotContain("1234567").contains("G3");
        assertThat(PayloadDisplay.mask("plain text")).isEqualTo("plain text");
    }

    @Test
    void restorePutsBackWhatTheOperatorLeftAsShownAndKeepsRealEdits() {
        String original = Dossiers.json(Dossiers.birth("G4"));
        ObjectNode edited = (ObjectNode) Dossiers.parse(PayloadDisplay.mask(original));
        ((ObjectNode) edited.path("data")).put("nycHoTen", "Lê Thị Mới");
        ((ObjectNode) edited.path("data")).put("noiDangKy", "UBND Phường Ngọc Hà");
        JsonNode restored = Dossiers.parse(PayloadDisplay.restore(edited.toString(), original));
        assertThat(restored.path("data").path("meSoGiayToTuyThan").asText()).isEqualTo("001195000077");
        assertThat(restored.path("data").path("meHoTen").asText()).isEqualTo("Trần Thị Mẫu");
        assertThat(restored.path("data").path("nycHoTen").asText()).isEqualTo("Lê Thị Mới");
        assertThat(restored.path("data").path("noiDangKy").asText()).isEqualTo("UBND Phường Ngọc Hà");
        assertThat(restored.path("fileDinhKem").get(0).path("duLieuTepDinhKem").asText()).isEqualTo(Dossiers.TINY_PDF);

        String xml = Dossiers.json(Dossiers.deathXml("G5"));
        ObjectNode xmlEdit = (ObjectNode) Dossiers.parse(PayloadDisplay.mask(xml));
        xmlEdit.put("data", xmlEdit.path("data").asText().replace("<gbtSo>GBT-01</gbtSo>", "<gbtSo>GBT-02</gbtSo>"));
        String back = Dossiers.parse(PayloadDisplay.restore(xmlEdit.toString(), xml)).path("data").asText();
        assertThat(back).contains("<nktSoGiayToTuyThan>024050000001</nktSoGiayToTuyThan>").contains("<nktHoTen>Lê Văn Giả</nktHoTen>")
                .contains("<gbtSo>GBT-02</gbtSo>");

        assertThatThrownBy(() -> PayloadDisplay.restore("[1]", original)).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> PayloadDisplay.restore("{", original)).hasMessageContaining("JSON object");
    }

    @Test
    void xmlThatAParserAcceptsButARegexMissesIsMasked() {
        String xml = "<x:hoTich xmlns:x=\"urn:h\"><x:nksHoTen>Nguyễn Văn Mẫu</x:nksHoTen>"
                + "<meHoTen><![CDATA[Trần </meHoTen> Thị Mẫu]]></meHoTen>"
                + "<chaHoTen a='>'>Nguyễn<!-- x -->Văn Giả</chaHoTen>"
                + "<nycSoGiayToTuyThan>&#48;&#48;1099000001</nycSoGiayToTuyThan>"
                + "<meSoDDCN><so>001099000009</so></meSoDDCN>"
                + "<nycSoDienThoai>0900000001";   // cut off: still masked to the end
        String shown = PayloadDisplay.maskXml(xml);
        assertThat(shown).doesNotContain("Nguyễn Văn Mẫu").doesNotContain("Thị Mẫu").doesNotContain("Văn Giả")
                .doesNotContain("1099000001").doesNotContain("001099000009").doesNotContain("0900000001")
                .contains("<x:nksHoTen>Ng**********ẫu</x:nksHoTen>").contains("<meHoTen>Tr" + "*".repeat(19) + "ẫu</meHoTen>");
        // left as shown, every value comes back byte for byte
        assertThat(PayloadDisplay.restoreXml(shown, xml)).isEqualTo(xml);
        // an operator's real change stays
        String edited = shown.replace("<x:nksHoTen>Ng**********ẫu</x:nksHoTen>", "<x:nksHoTen>Nguyễn Văn Mới</x:nksHoTen>");
        assertThat(PayloadDisplay.restoreXml(edited, xml)).contains("<x:nksHoTen>Nguyễn Văn Mới</x:nksHoTen>")
                .contains("<![CDATA[Trần </meHoTen> Thị Mẫu]]>");
    }

    @Test
    void everythingInsideAPersonalFieldIsMaskedAndDhis2ValuesToo() {
        String nested = Dossiers.json(Map.of("MaHoSo", "H22.08-1", "HoVaTen", Map.of("ho", "Lê", "ten", "Thị Mẫu"),
                "SoDienThoai", java.util.List.of("0900000001", "0900000002"), "CMND", 22148000123L,
                "CMND_NgayCap", "2021-06-15"));
        String shown = PayloadDisplay.mask(nested);
        assertThat(shown).doesNotContain("Thị Mẫu").doesNotContain("0900000001").doesNotContain("0900000002")
                .doesNotContain("22148000123").contains("H22.08-1").contains("2021-06-15");
        assertThat(Dossiers.parse(PayloadDisplay.restore(shown, nested))).isEqualTo(Dossiers.parse(nested));

        String event = Dossiers.json(Map.of("event", "ev1", "dataValues", java.util.List.of(
                Map.of("dataElement", "aBcDeFgHiJk", "value", "Nguyễn Thị Bà"),
                Map.of("dataElement", "kJiHgFeDcBa", "value", "024045000099"))));
        assertThat(PayloadDisplay.mask(event)).doesNotContain("Nguyễn Thị Bà").doesNotContain("024045000099").contains("ev1");
    }
}
