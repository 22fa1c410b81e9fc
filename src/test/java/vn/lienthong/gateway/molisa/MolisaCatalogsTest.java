package vn.lienthong.gateway.molisa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MolisaCatalogsTest {

    private final MolisaCatalogs catalogs = MolisaCatalogs.fromClasspath();

    @Test
    void catalogueSizesMatchTheSeed() {
        assertThat(catalogs.genders()).hasSize(2);
        assertThat(catalogs.ethnicities()).hasSize(54);
        assertThat(catalogs.issuingPlaces()).hasSize(62);
        assertThat(catalogs.procedures()).hasSize(11);
    }

    @Test
    void seedAnchorsFromSectionVI() {
        assertThat(catalogs.ethnicityByGso("1").orElseThrow().molisaId()).isEqualTo(29);
        assertThat(catalogs.ethnicityByGso("54").orElseThrow().molisaId()).isEqualTo(82);
        assertThat(catalogs.ethnicityByName("Rơ măm").orElseThrow().molisaId()).isEqualTo(82);
        assertThat(catalogs.issuingPlace("Hà Nội").orElseThrow().molisaId()).isEqualTo(1195);
        assertThat(catalogs.issuingPlace("1246")).isEmpty();
        assertThat(catalogs.ethnicityByMolisaId("28")).isEmpty();
        assertThat(catalogs.ethnicityByMolisaId("83")).isEmpty();
        assertThat(catalogs.ethnicityByGso("55")).isEmpty();
    }

    @Test
    void everyEthnicityByGsoCodeNameAndMolisaId() {
        List<Map<String, String>> rows = TestSupport.csv("catalog/ethnicity.csv");
        assertThat(rows).hasSize(54);
        for (Map<String, String> row : rows) {
            int id = Integer.parseInt(row.get("molisa_id"));
            String name = row.get("name");
            String gso = row.get("gso_code");
            assertThat(catalogs.ethnicityByGso(gso).orElseThrow().molisaId()).as("GSO %s", gso).isEqualTo(id);
            assertThat(catalogs.ethnicityByGso(String.format("%02d", Integer.parseInt(gso))).orElseThrow().molisaId())
                    .as("zero-padded GSO %s", gso).isEqualTo(id);
            assertThat(catalogs.ethnicityByName(name).orElseThrow().molisaId()).as(name).isEqualTo(id);
            String plain = TestSupport.stripDiacritics(name);
            assertThat(catalogs.ethnicityByName(plain).orElseThrow().molisaId()).as(plain).isEqualTo(id);
            assertThat(catalogs.ethnicityByName(plain.toUpperCase(Locale.ROOT)).orElseThrow().molisaId()).isEqualTo(id);
            assertThat(catalogs.ethnicityByName(" " + name.toLowerCase(Locale.ROOT) + " ").orElseThrow().molisaId()).isEqualTo(id);
            assertThat(catalogs.ethnicityByMolisaId(String.valueOf(id)).orElseThrow().name()).isEqualTo(name);
        }
    }

    @Test
    void ethnicitySpellingVariants() {
        assertThat(catalogs.ethnicityByName("H'Mông").orElseThrow().molisaId()).isEqualTo(36);
        assertThat(catalogs.ethnicityByName("Khơ me").orElseThrow().molisaId()).isEqualTo(33);
        assertThat(catalogs.ethnicityByName("Bru Van Kieu").orElseThrow().molisaId()).isEqualTo(51);
        assertThat(catalogs.ethnicityByName("Martian")).isEmpty();
    }

    @Test
    void bothGendersInEverySpelling() {
        for (Map<String, String> row : TestSupport.csv("catalog/gender.csv")) {
            int id = Integer.parseInt(row.get("molisa_id"));
            String name = row.get("name");
            assertThat(catalogs.gender(name).orElseThrow().molisaId()).isEqualTo(id);
            assertThat(catalogs.gender(TestSupport.stripDiacritics(name)).orElseThrow().molisaId()).isEqualTo(id);
            assertThat(catalogs.gender(name.toUpperCase(Locale.ROOT)).orElseThrow().molisaId()).isEqualTo(id);
            assertThat(catalogs.gender(String.valueOf(id)).orElseThrow().molisaId()).isEqualTo(id);
        }
        assertThat(catalogs.gender("Nu").orElseThrow().molisaId()).isEqualTo(1035);
        assertThat(catalogs.gender("nam").orElseThrow().molisaId()).isEqualTo(1034);
        assertThat(catalogs.gender("NA")).isEmpty();
        assertThat(catalogs.gender("1036")).isEmpty();
    }

    @Test
    void everyIssuingPlaceByIdAndName() {
        List<Map<String, String>> rows = TestSupport.csv("catalog/id_issuing_place.csv");
        assertThat(rows).hasSize(62);
        for (Map<String, String> row : rows) {
            int id = Integer.parseInt(row.get("molisa_id"));
            String name = row.get("name");
            assertThat(catalogs.issuingPlace(String.valueOf(id)).orElseThrow().molisaId()).isEqualTo(id);
            assertThat(catalogs.issuingPlace(name).orElseThrow().molisaId()).as(name).isEqualTo(id);
            assertThat(catalogs.issuingPlace(TestSupport.stripDiacritics(name)).orElseThrow().molisaId()).isEqualTo(id);
            String bare = name.replaceFirst("^(Tỉnh|Thành phố) ", "");
            assertThat(catalogs.issuingPlace(bare).orElseThrow().molisaId()).as(bare).isEqualTo(id);
            assertThat(catalogs.issuingPlace(TestSupport.stripDiacritics(bare).toLowerCase(Locale.ROOT))
                    .orElseThrow().molisaId()).isEqualTo(id);
        }
        assertThat(catalogs.issuingPlace("TP. Hồ Chí Minh").orElseThrow().molisaId()).isEqualTo(1237);
        assertThat(catalogs.issuingPlace("Tỉnh Atlantis")).isEmpty();
    }

    @Test
    void elevenProceduresInBothSpellings() {
        List<Map<String, String>> rows = TestSupport.csv("catalog/social-assistance-procedures.csv");
        assertThat(rows).hasSize(11);
        for (Map<String, String> row : rows) {
            String printed = row.get("ma_tthc");
            assertThat(catalogs.socialAssistanceProcedure(printed)).as(printed).isPresent();
        }
        assertThat(catalogs.socialAssistanceProcedure("2.0000286").orElseThrow().code()).isEqualTo("2.000286");
        assertThat(catalogs.socialAssistanceProcedure("2.000286").orElseThrow().code()).isEqualTo("2.000286");
        assertThat(catalogs.socialAssistanceProcedure("2.0000282").orElseThrow().code()).isEqualTo("2.000282");
        assertThat(catalogs.socialAssistanceProcedure("2.000477").orElseThrow().printedCode()).isEqualTo("2.0000477");
        assertThat(catalogs.socialAssistanceProcedure("1.001776.000.00.00.H12").orElseThrow().code()).isEqualTo("1.001776");
        assertThat(catalogs.socialAssistanceProcedure("1.001193")).isEmpty();
        assertThat(catalogs.socialAssistanceProcedure("2.00028")).isEmpty();
        assertThat(catalogs.socialAssistanceProcedure("1.0017760")).isEmpty();
    }
}
