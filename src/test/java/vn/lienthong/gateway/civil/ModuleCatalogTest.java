package vn.lienthong.gateway.civil;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModuleCatalogTest {

    private final ModuleCatalog catalog = ModuleCatalog.load();

    @Test
    void knowsEveryPmhtModuleOfTheCsv() {
        assertThat(catalog.pmhtModules()).containsExactlyInAnyOrder(
                "LTKS", "LTKT", "LTKH", "KS", "KT", "HN", "KH", "CMC", "LH", "GH", "TGH");
    }

    @ParameterizedTest
    @CsvSource({"KS,LTKS", "KT,LTKT", "LTKS,LTKS", "LTKT,LTKT", "LTKH,LTKH", "HN,HN", "KH,KH", "CMC,CMC",
            "LH,LH", "GH,GH", "TGH,TGH"})
    void mapsToThePushedModule(String in, String pushed) {
        assertThat(catalog.toPmht(in)).contains(pushed);
        assertThat(catalog.check("module", in)).isEmpty();
    }

    @Test
    void unknownModuleIsAProblem() {
        assertThat(catalog.toPmht("ks")).isEmpty();
        assertThat(catalog.toPmht(null)).isEmpty();
        assertThat(catalog.check("module", "XYZ")).hasValueSatisfying(p -> {
            assertThat(p.field()).isEqualTo("module");
            assertThat(p.reason()).startsWith("unknown module 'XYZ'").contains("KS", "LTKT", "TGH");
        });
    }

    @Test
    void mappingComesFromTheCsvColumn() throws Exception {
        ModuleCatalog custom = ModuleCatalog.read(new StringReader(
                "module,api_version,meaning,arrives_from_dvclt_as\nLTXX,3.0,\"made up, with comma\",XX\nHN,1.0,x,\n"));
        assertThat(custom.toPmht("XX")).contains("LTXX");
        assertThat(custom.toPmht("HN")).contains("HN");
        assertThat(custom.toPmht("KS")).isEmpty();
        assertThatThrownBy(() -> ModuleCatalog.read(new StringReader("module,api_version,meaning,arrives_from_dvclt_as\n")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void certificateFieldsAreNamedForBirthAndDeathOnly() {
        assertThat(catalog.resultField("LTKS")).contains("giayKhaiSinh");
        assertThat(catalog.resultField("KS")).contains("giayKhaiSinh");
        assertThat(catalog.resultField("LTKT")).contains("giayKhaiTu");
        assertThat(catalog.resultField("KT")).contains("giayKhaiTu");
        for (String m : java.util.List.of("LTKH", "HN", "KH", "CMC", "LH", "GH", "TGH")) {
            assertThat(catalog.resultField(m)).as(m).isEmpty();
        }
        assertThat(catalog.resultField(null)).isEmpty();
    }
}
