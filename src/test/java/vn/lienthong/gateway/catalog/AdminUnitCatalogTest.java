package vn.lienthong.gateway.catalog;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Codes below come from src/main/resources/catalog/*.csv (grep them to check). */
class AdminUnitCatalogTest {

    private static final LocalDate IN_2024 = LocalDate.of(2024, 5, 2);
    private static final LocalDate IN_2026 = LocalDate.of(2026, 3, 2);
    private static final LocalDate EVE = LocalDate.of(2025, 6, 30);
    private static final LocalDate REFORM_DAY = LocalDate.of(2025, 7, 1);

    private final AdminUnitCatalog catalog = AdminUnitCatalog.loadDefault();

    @Test
    void loadsAllThreeCataloguesOnce() {
        assertThat(catalog.size(Era.PRE_REFORM)).isEqualTo(10_047);
        assertThat(catalog.size(Era.CURRENT)).isEqualTo(3_321);
        assertThat(AdminUnitCatalog.loadDefault()).isSameAs(catalog);
    }

    @Test
    void seedExample00019IsValidBeforeTheReform() {
        assertThat(catalog.checkMaDonVi("00019", IN_2024)).isEmpty();
        assertThat(catalog.checkMaDonVi("00019", EVE)).isEmpty();
        assertThat(catalog.provinceOf("00019", IN_2024)).contains("01");
    }

    @Test
    void seedExample00019IsFlaggedAfterTheReformWithItsSuccessors() {
        assertThat(catalog.checkMaDonVi("00019", IN_2026)).contains(
                "pre-reform code 00019 is not valid for a registration dated 2026-03-02 (after 2025-07-01); "
                        + "current codes: 00070, 00004, 00226, 00190");
        assertThat(catalog.checkMaDonVi("00019", REFORM_DAY)).isPresent();
        assertThat(catalog.provinceOf("00019", IN_2026)).isEmpty();
    }

    @Test
    void bacGiangCityDistrict213IsValidBeforeTheReformOnly() {
        assertThat(catalog.checkMaDonVi("213", IN_2024)).isEmpty();
        assertThat(catalog.provinceOf("213", IN_2024)).contains("24");
        assertThat(catalog.checkMaDonVi("213", IN_2026)).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("district code 213 is not valid", "districts were abolished");
    }

    @Test
    void bacGiangWardCodesOfTheSameDistrictAreValidIn2024() {
        // 07210 Phường Hoàng Văn Thụ and 07213 Phường Trần Phú, Thành phố Bắc Giang (district 213)
        assertThat(catalog.checkMaDonVi("07210", IN_2024)).isEmpty();
        assertThat(catalog.checkMaDonVi("07213", IN_2024)).isEmpty();
        assertThat(catalog.provinceOf("07213", IN_2024)).contains("24");
    }

    @Test
    void currentCodeIsValidFromTheReformDayOnly() {
        // 06978 Xã Ba Chẽ (Quảng Ninh) exists only in the current catalogue
        assertThat(catalog.checkMaDonVi("06978", REFORM_DAY)).isEmpty();
        assertThat(catalog.provinceOf("06978", IN_2026)).contains("22");
        assertThat(catalog.checkMaDonVi("06978", EVE)).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("current code 06978 is not valid", "before 2025-07-01");
    }

    @Test
    void sameCodeMeansDifferentUnitsAcrossTheReform() {
        // 09190 Phường Võ Cường: province 27 (Bắc Ninh) before, 24 (Tỉnh Bắc Ninh) after
        assertThat(catalog.provinceOf("09190", IN_2024)).contains("27");
        assertThat(catalog.provinceOf("09190", IN_2026)).contains("24");
        assertThat(catalog.ward(Era.PRE_REFORM, "00004").orElseThrow().name()).isEqualTo("Phường Trúc Bạch");
        assertThat(catalog.ward(Era.CURRENT, "00004").orElseThrow().name()).isEqualTo("Phường Ba Đình");
    }

    @Test
    void malformedCodes() {
        assertThat(catalog.checkMaDonVi("1234", IN_2024)).contains("must be 3 or 5 digits");
        assertThat(catalog.checkMaDonVi("0001a", IN_2026)).contains("must be 3 or 5 digits");
        assertThat(catalog.checkMaDonVi("", IN_2026)).isPresent();
        assertThat(catalog.checkMaDonVi(null, IN_2026)).isPresent();
        assertThat(catalog.checkMaDonVi("00019", null)).isPresent();
        assertThat(catalog.checkMaDonVi("99999", IN_2026)).contains("unknown administrative unit code 99999");
        assertThat(catalog.provinceOf(null, IN_2024)).isEmpty();
    }

    @Test
    void codesAreTrimmedButKeepTheirLeadingZeros() {
        assertThat(catalog.checkMaDonVi(" 00019 ", IN_2024)).isEmpty();
        assertThat(catalog.checkMaDonVi("19", IN_2024)).contains("must be 3 or 5 digits");
    }

    @Test
    void splitWardSuccessorsInMappingOrder() {
        assertThat(catalog.successorsOf("00019")).extracting(Ward::code)
                .containsExactly("00070", "00004", "00226", "00190");
    }

    @Test
    void staleMappingRowsAreResolvedByName() {
        // Mapping rows with an empty new_province_code point at 06970 / 23737, which later became 06978 / 23938.
        // 06886 Xã Hải Lạng split into 06799, 06886 and the stale 06970 (Xã Ba Chẽ, now 06978).
        assertThat(catalog.successorsOf("06886")).extracting(Ward::code).containsExactly("06799", "06886", "06978");
        assertThat(catalog.successorsOf("06970")).extracting(Ward::code).containsExactly("06978");
        assertThat(catalog.successorsOf("23938")).extracting(Ward::code, Ward::provinceCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("23938", "52"));
    }

    @Test
    void lookupsAreImmutable() {
        assertThatThrownBy(() -> catalog.successorsOf("00019").clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> catalog.wardsInProvinceByKey(Era.CURRENT, "01", "ba dinh").clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
