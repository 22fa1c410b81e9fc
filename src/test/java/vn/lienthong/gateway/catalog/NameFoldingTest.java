package vn.lienthong.gateway.catalog;

import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.catalog.NameFolding.Level;
import vn.lienthong.gateway.catalog.NameFolding.NameQuery;

import java.text.Normalizer;

import static org.assertj.core.api.Assertions.assertThat;

class NameFoldingTest {

    @Test
    void dropsDiacriticsAndFoldsDStroke() {
        assertThat(NameFolding.fold("Phường Điện Biên")).isEqualTo("phuong dien bien");
        assertThat(NameFolding.fold("ĐẮK LẮK")).isEqualTo("dak lak");
        // Both accent placements seen in the catalogues ("Hoà" vs "Hòa") compare equal.
        assertThat(NameFolding.fold("Thanh Hoá")).isEqualTo(NameFolding.fold("Thanh Hóa"));
    }

    @Test
    void decomposedInputFoldsLikePrecomposed() {
        String decomposed = Normalizer.normalize("Quận Ba Đình", Normalizer.Form.NFD);
        assertThat(NameFolding.fold(decomposed)).isEqualTo("quan ba dinh");
    }

    @Test
    void punctuationAndSpacesCollapse() {
        assertThat(NameFolding.fold("  TP.  Hồ   Chí-Minh. ")).isEqualTo("tp ho chi minh");
        assertThat(NameFolding.fold("T.X. Sơn Tây")).isEqualTo("t x son tay");
    }

    @Test
    void numberedWardsCompareEqual() {
        assertThat(NameFolding.fold("Phường 05")).isEqualTo("phuong 5");
        assertThat(NameFolding.fold("P.5")).isEqualTo("p 5");
        assertThat(NameFolding.fold("P5")).isEqualTo("p 5");
        assertThat(NameFolding.fold("Q10")).isEqualTo("q 10");
        assertThat(NameFolding.fold("0")).isEqualTo("0");
    }

    @Test
    void emptyAndJunkFoldToEmpty() {
        assertThat(NameFolding.fold(null)).isEmpty();
        assertThat(NameFolding.fold(",,, - ;;")).isEmpty();
        assertThat(NameFolding.fold("😀\u0301\u0000")).isEmpty();
    }

    @Test
    void wardPrefixesGiveTypedReadings() {
        assertThat(NameFolding.interpretations("p 5", Level.WARD))
                .contains(new NameQuery("p 5", null), new NameQuery("5", "phuong"));
        assertThat(NameFolding.interpretations("tt ba che", Level.WARD)).contains(new NameQuery("ba che", "thi tran"));
        assertThat(NameFolding.interpretations("x tan minh", Level.WARD)).contains(new NameQuery("tan minh", "xa"));
    }

    @Test
    void aNameThatStartsLikeAPrefixKeepsItsBareReading() {
        // "Phương Mai" is a ward name, not the type "Phường" + "Mai".
        assertThat(NameFolding.interpretations("phuong mai", Level.WARD))
                .contains(new NameQuery("phuong mai", null), new NameQuery("mai", "phuong"));
    }

    @Test
    void districtAndProvincePrefixes() {
        assertThat(NameFolding.interpretations("q 3", Level.DISTRICT)).contains(new NameQuery("3", "quan"));
        assertThat(NameFolding.interpretations("tx son tay", Level.DISTRICT)).contains(new NameQuery("son tay", "thi xa"));
        assertThat(NameFolding.interpretations("thanh pho ha noi", Level.PROVINCE)).contains(new NameQuery("ha noi", null));
    }

    @Test
    void catalogueKeyStripsOnlyTheUnitsOwnType() {
        assertThat(NameFolding.catalogueKey("Phường Phương Mai", "Phường")).isEqualTo("phuong mai");
        assertThat(NameFolding.catalogueKey("Thành phố Hà Nội", "Thành phố")).isEqualTo("ha noi");
        assertThat(NameFolding.withType("Phương Mai", "Phường", false)).isEqualTo("Phường Phương Mai");
        assertThat(NameFolding.withType("xã Bắc Sơn", "Xã", true)).isEqualTo("Xã Bắc Sơn");
        assertThat(NameFolding.withType("Sơn Tây", "Thị Xã", false)).isEqualTo("Thị xã Sơn Tây");
    }
}
