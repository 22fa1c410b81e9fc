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
}
