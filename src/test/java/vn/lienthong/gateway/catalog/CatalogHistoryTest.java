package vn.lienthong.gateway.catalog;

import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.civil.AddressOutcome;
import vn.lienthong.gateway.civil.AddressOutcome.Invalid;
import vn.lienthong.gateway.civil.AddressOutcome.Resolved;
import vn.lienthong.gateway.civil.PmhtAddress;
import vn.lienthong.gateway.civil.Problem;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

/**
 * Seed 000: "Mã đơn vị ghi theo mã đơn vị hành chính do TCTK công bố. Tên chính xác sẽ do Hệ thống tự động tính
 * toán dựa theo thời điểm đăng ký", with the training accounts maDonVi 07219 (Phường Lê Lợi, TP Bắc Giang) and
 * 213 (TP Bắc Giang). Periods below are read off admin-units-history.csv, e.g.
 * {@code 07219,Phường Lê Lợi,Phường,213,Thành phố Bắc Giang,24,Tỉnh Bắc Giang,2005-06-22,2025-01-01,...} and
 * {@code 00181,Phường Văn Miếu,Phường,006,Quận Đống Đa,01,Thành phố Hà Nội,2004-08-31,2025-01-01,...}.
 */
class CatalogHistoryTest {

    private static final LocalDate IN_2024 = LocalDate.of(2024, 5, 2);
    private static final LocalDate LAST_DAY_OF_2024 = LocalDate.of(2024, 12, 31);
    private static final LocalDate MARCH_2025 = LocalDate.of(2025, 3, 10);
    private static final LocalDate IN_2026 = LocalDate.of(2026, 3, 2);
    private static final String FIELD = "data.nksNoiSinh";

    private final AdminUnitCatalog catalog = AdminUnitCatalog.loadDefault();
    private final CatalogAddressNormalizer normalizer = new CatalogAddressNormalizer(catalog);

    @Test
    void seedTrainingWard07219IsValidUntilItsMergerOnly() {
        assertThat(catalog.checkMaDonVi("07219", IN_2024)).isEmpty();
        assertThat(catalog.checkMaDonVi("07219", LAST_DAY_OF_2024)).isEmpty();
        assertThat(catalog.provinceOf("07219", IN_2024)).contains("24");
        assertThat(catalog.checkMaDonVi("07219", MARCH_2025)).get(STRING)
                .contains("07219 was valid until 2024-12-31", "Phường Lê Lợi", "not on 2025-03-10");
        assertThat(catalog.provinceOf("07219", MARCH_2025)).isEmpty();
        // after the reform too the reason says when the code was valid, not "unknown"
        assertThat(catalog.checkMaDonVi("07219", IN_2026)).get(STRING)
                .contains("07219 was valid until 2024-12-31")
                .doesNotContain("unknown");
    }

    @Test
    void seedTrainingDistrict213IsValidIn2024And2005() {
        assertThat(catalog.checkMaDonVi("213", IN_2024)).isEmpty();
        // Thị xã Bắc Giang until 2005-06-22, then Thành phố Bắc Giang: the same code all along
        assertThat(catalog.checkMaDonVi("213", LocalDate.of(2005, 1, 10))).isEmpty();
        assertThat(catalog.preReformDistrict(LocalDate.of(2005, 1, 10), "213")).get()
                .extracting(District::name).isEqualTo("Thị xã Bắc Giang");
    }

    @Test
    void codeCreatedLaterIsNotValidBeforeItExisted() {
        // 00006 Phường Vĩnh Phúc (Ba Đình) exists from 2005-01-20
        assertThat(catalog.checkMaDonVi("00006", LocalDate.of(2005, 2, 1))).isEmpty();
        assertThat(catalog.checkMaDonVi("00006", LocalDate.of(2004, 12, 1))).get(STRING)
                .contains("00006 is valid only from 2005-01-20");
    }

    @Test
    void flatAddressResolvesAgainstTheUnitsOfItsDate() {
        AddressOutcome in2024 = normalizer.normalize(FIELD, "Số 3 ngõ Văn Chương, Phường Văn Miếu, Quận Đống Đa, Hà Nội",
                null, IN_2024);
        assertThat(in2024).isInstanceOf(Resolved.class);
        assertThat(((Resolved) in2024).address()).isEqualTo(new PmhtAddress("01", "006", "00181", "Số 3 ngõ Văn Chương"));
        // the same words after the reform: Phường Văn Miếu no longer exists under that name
        assertThat(normalizer.normalize(FIELD, "Phường Văn Miếu, Quận Đống Đa, Hà Nội", null, IN_2026))
                .isInstanceOf(Invalid.class);
    }

    @Test
    void flatAddressOfAMergedWardResolvesBeforeTheMergerOnly() {
        AddressOutcome in2024 = normalizer.normalize(FIELD, "Phường Lê Lợi, TP Bắc Giang, Bắc Giang", null, IN_2024);
        assertThat(in2024).isInstanceOf(Resolved.class);
        assertThat(((Resolved) in2024).address()).isEqualTo(new PmhtAddress("24", "213", "07219", ""));
        assertThat(normalizer.normalize(FIELD, "Phường Lê Lợi, TP Bắc Giang, Bắc Giang", null, MARCH_2025))
                .isInstanceOf(Invalid.class);
    }

    @Test
    void pmhtCodesAreCheckedAgainstTheCatalogueOfTheDate() {
        assertThat(pmht("24", "213", "07219", IN_2024)).isInstanceOf(Resolved.class);
        AddressOutcome march = pmht("24", "213", "07219", MARCH_2025);
        assertThat(march).isInstanceOf(Invalid.class);
        assertThat(((Invalid) march).problems()).extracting(Problem::field).containsExactly(FIELD + ".maXa");
        assertThat(((Invalid) march).problems().get(0).reason()).contains("07219 was valid until 2024-12-31");
        // Hà Tây (province 28) was merged into Hà Nội in 2008: its codes are valid in 2007 only
        assertThat(catalog.preReformProvince(LocalDate.of(2007, 6, 1), "28")).isPresent();
        AddressOutcome haTay = pmht("28", "", "", IN_2024);
        assertThat(((Invalid) haTay).problems()).filteredOn(p -> p.field().endsWith(".maTinh")).singleElement()
                .extracting(Problem::reason).asString().contains("province code 28 was valid until 2008-");
    }

    @Test
    void afterTheReformOldNamesAreStillMappedForward() {
        // post-July-2025 behaviour unchanged: 00019 (as of the last three-tier day) maps to its successors
        assertThat(catalog.checkMaDonVi("00019", IN_2026)).get(STRING).contains("current codes: 00070, 00004, 00226, 00190");
        assertThat(catalog.size(Era.PRE_REFORM)).isEqualTo(10_047);
        assertThat(catalog.historyRows()).isEqualTo(15_086);
    }

    private AddressOutcome pmht(String maTinh, String maHuyen, String maXa, LocalDate date) {
        Map<String, Object> m = new HashMap<>();
        m.put("maTinh", maTinh);
        m.put("maHuyen", maHuyen);
        m.put("maXa", maXa);
        m.put("dcChiTiet", "");
        return normalizer.normalize(FIELD, m, null, date);
    }
}
