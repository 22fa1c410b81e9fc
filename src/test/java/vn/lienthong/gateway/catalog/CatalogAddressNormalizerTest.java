package vn.lienthong.gateway.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.lienthong.gateway.civil.AddressCandidate;
import vn.lienthong.gateway.civil.AddressOutcome;
import vn.lienthong.gateway.civil.AddressOutcome.Ambiguous;
import vn.lienthong.gateway.civil.AddressOutcome.Invalid;
import vn.lienthong.gateway.civil.AddressOutcome.Resolved;
import vn.lienthong.gateway.civil.PmhtAddress;
import vn.lienthong.gateway.civil.Problem;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Expected codes are read off src/main/resources/catalog/*.csv, e.g.
 * {@code 27,Bắc Ninh,Tỉnh,256,Bắc Ninh,Thành phố,09190,Võ Cường,Phường} (pre-reform) and
 * {@code 27,09190,Phường Võ Cường,24,09190,Phường Võ Cường} (mapping).
 */
class CatalogAddressNormalizerTest {

    private static final String FIELD = "data.nksNoiSinh";
    private static final LocalDate IN_2024 = LocalDate.of(2024, 5, 2);
    private static final LocalDate EVE = LocalDate.of(2025, 6, 30);
    private static final LocalDate REFORM_DAY = LocalDate.of(2025, 7, 1);
    private static final LocalDate IN_2026 = LocalDate.of(2026, 3, 2);

    private final CatalogAddressNormalizer normalizer = new CatalogAddressNormalizer(AdminUnitCatalog.loadDefault());

    private AddressOutcome flat(String raw, LocalDate date) {
        return normalizer.normalize(FIELD, raw, null, date);
    }

    private static PmhtAddress resolved(AddressOutcome outcome) {
        assertThat(outcome).isInstanceOf(Resolved.class);
        return ((Resolved) outcome).address();
    }

    private static Problem onlyProblem(AddressOutcome outcome) {
        assertThat(outcome).isInstanceOf(Invalid.class);
        assertThat(((Invalid) outcome).problems()).hasSize(1);
        return ((Invalid) outcome).problems().get(0);
    }

    // ---- flat DVCLT text ----

    @Test
    void flatAddressBeforeTheReformGivesOldCodesWithDistrict() {
        assertThat(resolved(flat("Số 12 đường Nguyễn Đăng Đạo, Phường Võ Cường, Thành phố Bắc Ninh, Tỉnh Bắc Ninh", IN_2024)))
                .isEqualTo(new PmhtAddress("27", "256", "09190", "Số 12 đường Nguyễn Đăng Đạo"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "So 12 duong Nguyen Dang Dao, Phuong Vo Cuong, Thanh pho Bac Ninh, Tinh Bac Ninh",
            "So 12 duong Nguyen Dang Dao, P. Vo Cuong, TP. Bac Ninh, Bac Ninh",
            "So 12 duong Nguyen Dang Dao,P.Vo Cuong,Tp.Bac Ninh,T.Bac Ninh",
            "So 12 duong Nguyen Dang Dao - Vo Cuong - Bac Ninh - Bac Ninh",
            "SỐ 12 ĐƯỜNG NGUYỄN ĐĂNG ĐẠO, PHƯỜNG VÕ CƯỜNG, TP BẮC NINH, BẮC NINH, Việt Nam"})
    void withoutDiacriticsAbbreviatedOrDashedStillResolves(String raw) {
        PmhtAddress a = resolved(flat(raw, IN_2024));
        assertThat(a.maTinh()).isEqualTo("27");
        assertThat(a.maHuyen()).isEqualTo("256");
        assertThat(a.maXa()).isEqualTo("09190");
        assertThat(a.dcChiTiet()).containsIgnoringCase("12 duong nguyen dang dao".substring(0, 2));
        assertThat(a.dcChiTiet()).doesNotContainIgnoringCase("cuong");
    }

    @Test
    void sameOldAddressAfterTheReformMapsToTheCurrentWardWithoutDistrict() {
        assertThat(resolved(flat("Số 12 đường Nguyễn Đăng Đạo, Phường Võ Cường, Thành phố Bắc Ninh, Tỉnh Bắc Ninh", IN_2026)))
                .isEqualTo(new PmhtAddress("24", "", "09190", "Số 12 đường Nguyễn Đăng Đạo"));
    }

    @Test
    void oldWardNameOn2026MapsToItsDifferentlyNamedSuccessor() {
        // 27,09181,Phường Đại Phúc -> 24,09190,Phường Võ Cường
        assertThat(resolved(flat("Thôn Đông, Phường Đại Phúc, TP Bắc Ninh, Bắc Ninh", IN_2026)))
                .isEqualTo(new PmhtAddress("24", "", "09190", "Thôn Đông"));
        // 79,27151,Phường 5 (Quận 3) -> 79,27154,Phường Bàn Cờ
        assertThat(resolved(flat("12 Lê Lợi, P.5, Q.3, TP.HCM", IN_2026)))
                .isEqualTo(new PmhtAddress("79", "", "27154", "12 Lê Lợi"));
    }

    @Test
    void abolishedProvinceNameIsMappedToo() {
        // 77 Bà Rịa - Vũng Tàu, 748 Thành phố Bà Rịa, 26569 Xã Long Phước -> 79, 26572 Phường Tam Long
        String raw = "Ấp Bắc, Xã Long Phước, Thành phố Bà Rịa, Tỉnh Bà Rịa - Vũng Tàu";
        assertThat(resolved(flat(raw, IN_2024))).isEqualTo(new PmhtAddress("77", "748", "26569", "Ấp Bắc"));
        assertThat(resolved(flat(raw, IN_2026))).isEqualTo(new PmhtAddress("79", "", "26572", "Ấp Bắc"));
        assertThat(resolved(flat("Ấp Bắc - Xã Long Phước - TP Bà Rịa - Bà Rịa - Vũng Tàu", IN_2024)))
                .isEqualTo(new PmhtAddress("77", "748", "26569", "Ấp Bắc"));
    }

    @Test
    void numberedWardsInAnyNotation() {
        // 79,Hồ Chí Minh,Thành phố,770,3,Quận,27151,5,Phường
        for (String raw : new String[] {"12 Lê Lợi, P.5, Q.3, TP.HCM", "12 Lê Lợi, Phường 05, Quận 3, Thành phố Hồ Chí Minh",
                "12 Le Loi, Phuong 5, Quan 03, Ho Chi Minh", "12 Lê Lợi, P5, Q3, TP. Hồ Chí Minh"}) {
            String detail = raw.substring(0, raw.indexOf(','));
            assertThat(resolved(flat(raw, IN_2024))).as(raw).isEqualTo(new PmhtAddress("79", "770", "27151", detail));
        }
    }

    @Test
    void currentTwoTierAddressOn2026() {
        assertThat(resolved(flat("Số 1 Hoàng Hoa Thám, Phường Ba Đình, Thành phố Hà Nội", IN_2026)))
                .isEqualTo(new PmhtAddress("01", "", "00004", "Số 1 Hoàng Hoa Thám"));
        assertThat(resolved(flat("so 1 Hoang Hoa Tham, p ba dinh, ha noi", REFORM_DAY)).maXa()).isEqualTo("00004");
    }

    @Test
    void currentTwoTierAddressBeforeTheReformIsUnknown() {
        Problem p = onlyProblem(flat("Số 1 Hoàng Hoa Thám, Phường Ba Đình, Thành phố Hà Nội", EVE));
        assertThat(p.field()).isEqualTo(FIELD);
        assertThat(p.reason()).isEqualTo("ward 'Phường Ba Đình' not found in province 01 (Thành phố Hà Nội)");
    }

    @Test
    void splitOldWardOn2026IsAmbiguousWithEverySuccessor() {
        AddressOutcome out = flat("Số 5 Trần Phú, Phường Điện Biên, Quận Ba Đình, Hà Nội", IN_2026);
        assertThat(out).isInstanceOf(Ambiguous.class);
        Ambiguous a = (Ambiguous) out;
        assertThat(a.field()).isEqualTo(FIELD);
        assertThat(a.input()).isEqualTo("Số 5 Trần Phú, Phường Điện Biên, Quận Ba Đình, Hà Nội");
        assertThat(a.candidates()).extracting(AddressCandidate::maTinh, AddressCandidate::maHuyen, AddressCandidate::maXa)
                .containsExactlyInAnyOrder(tuple("01", "", "00070"), tuple("01", "", "00004"),
                        tuple("01", "", "00226"), tuple("01", "", "00190"));
        assertThat(a.candidates()).extracting(AddressCandidate::label)
                .contains("Phường Ba Đình, Thành phố Hà Nội (00004)", "Phường Hoàn Kiếm, Thành phố Hà Nội (00070)");
    }

    @Test
    void sameSplitWardBeforeTheReformResolvesToItsOldCode() {
        assertThat(resolved(flat("Số 5 Trần Phú, Phường Điện Biên, Quận Ba Đình, Hà Nội", IN_2024)))
                .isEqualTo(new PmhtAddress("01", "001", "00019", "Số 5 Trần Phú"));
    }

    @Test
    void bareWardNameInTwoDistrictsIsAmbiguous() {
        // Xã Tân Minh exists in Sóc Sơn (00406) and Thường Tín (10240)
        AddressOutcome out = flat("Thôn Đoài, Xã Tân Minh, Thành phố Hà Nội", IN_2024);
        assertThat(out).isInstanceOf(Ambiguous.class);
        assertThat(((Ambiguous) out).candidates())
                .extracting(AddressCandidate::maTinh, AddressCandidate::maHuyen, AddressCandidate::maXa)
                .containsExactlyInAnyOrder(tuple("01", "016", "00406"), tuple("01", "279", "10240"));
        assertThat(((Ambiguous) out).candidates()).extracting(AddressCandidate::label)
                .contains("Xã Tân Minh, Huyện Sóc Sơn, Thành phố Hà Nội (00406)");
        // the district settles it
        assertThat(resolved(flat("Thôn Đoài, Xã Tân Minh, Huyện Sóc Sơn, Thành phố Hà Nội", IN_2024)))
                .isEqualTo(new PmhtAddress("01", "016", "00406", "Thôn Đoài"));
        // after the reform they went to two different wards: still ambiguous
        AddressOutcome later = flat("Thôn Đoài, Tân Minh, Hà Nội", IN_2026);
        assertThat(later).isInstanceOf(Ambiguous.class);
        assertThat(((Ambiguous) later).candidates()).extracting(AddressCandidate::maXa)
                .containsExactlyInAnyOrder("00376", "10231");
    }

    @Test
    void unitTypeSeparatesWardsOfTheSameName() {
        // 07682 Phường Tân An and 07693 Xã Tân An, both in Thành phố Bắc Giang (213) from 2025-01-01 (before that
        // both belonged to Huyện Yên Dũng, see admin-units-history.csv)
        assertThat(resolved(flat("Phường Tân An, TP Bắc Giang, Bắc Giang", EVE)).maXa()).isEqualTo("07682");
        assertThat(resolved(flat("Xã Tân An, TP Bắc Giang, Bắc Giang", EVE)).maXa()).isEqualTo("07693");
        assertThat(flat("Tân An, TP Bắc Giang, Bắc Giang", EVE)).isInstanceOf(Ambiguous.class);
        // both became 07682 Phường Tân An: no choice left to make
        assertThat(resolved(flat("Tân An, TP Bắc Giang, Bắc Giang", IN_2026)))
                .isEqualTo(new PmhtAddress("24", "", "07682", ""));
    }

    @Test
    void unknownWardIsInvalidNamingFieldAndProvince() {
        Problem p = onlyProblem(flat("Phuong Xyz, Ha Noi", IN_2026));
        assertThat(p).isEqualTo(new Problem(FIELD, "ward 'Phuong Xyz' not found in province 01 (Thành phố Hà Nội)"));
    }

    @Test
    void unknownWardInANamedDistrictNamesTheDistrict() {
        Problem p = onlyProblem(flat("Số 3, Phường Xyz, Quận Ba Đình, Hà Nội", IN_2024));
        assertThat(p.field()).isEqualTo(FIELD);
        assertThat(p.reason()).isEqualTo("ward 'Phường Xyz' not found in district 001 (Quận Ba Đình, Thành phố Hà Nội)");
    }

    @Test
    void noRecognizableProvinceIsInvalid() {
        assertThat(onlyProblem(flat("Số 5 đường Láng, Đống Đa", IN_2024)).reason())
                .startsWith("no recognizable province");
        assertThat(onlyProblem(flat("Số 5 đường Láng", IN_2026)).field()).isEqualTo(FIELD);
    }

    @Test
    void separateUnitTextGivesTheUnitsAndRawGivesTheDetail() {
        String unit = "Phường Võ Cường, Thành phố Bắc Ninh, Tỉnh Bắc Ninh";
        assertThat(resolved(normalizer.normalize(FIELD, "Bệnh viện Sản Nhi Bắc Ninh", unit, IN_2026)))
                .isEqualTo(new PmhtAddress("24", "", "09190", "Bệnh viện Sản Nhi Bắc Ninh"));
        // trailing unit parts repeated in the raw text are not detail
        assertThat(resolved(normalizer.normalize(FIELD, "Bệnh viện Sản Nhi Bắc Ninh, Phường Võ Cường, TP Bắc Ninh, Bắc Ninh",
                unit, IN_2024))).isEqualTo(new PmhtAddress("27", "256", "09190", "Bệnh viện Sản Nhi Bắc Ninh"));
    }

    @Test
    void unresolvableUnitTextIsInvalid() {
        AddressOutcome out = normalizer.normalize(FIELD, "Bệnh viện Sản Nhi", "Phường Xyz, Tỉnh Bắc Ninh", IN_2026);
        assertThat(onlyProblem(out).reason()).contains("'Phường Xyz' not found", "24 (Tỉnh Bắc Ninh)");
    }

    @Test
    void emptyInputIsInvalid() {
        assertThat(onlyProblem(flat(null, IN_2024))).isEqualTo(new Problem(FIELD, "required address is empty"));
        assertThat(onlyProblem(flat("   ", IN_2024))).isEqualTo(new Problem(FIELD, "required address is empty"));
    }

    // ---- PMHT objects ----

    private AddressOutcome pmht(String maTinh, String maHuyen, String maXa, LocalDate date) {
        Map<String, Object> m = new HashMap<>();
        m.put("maTinh", maTinh);
        if (maHuyen != null) {
            m.put("maHuyen", maHuyen);
        }
        m.put("maXa", maXa);
        m.put("dcChiTiet", " Số 5 Trần Phú ");
        return normalizer.normalize(FIELD, m, null, date);
    }

    @Test
    void pmhtObjectWithOldCodesBeforeTheReform() {
        assertThat(resolved(pmht(" 01", "001", "00019 ", IN_2024)))
                .isEqualTo(new PmhtAddress("01", "001", "00019", "Số 5 Trần Phú"));
    }

    @Test
    void pmhtObjectWithOldCodesAfterTheReform() {
        AddressOutcome out = pmht("01", "001", "00019", IN_2026);
        assertThat(out).isInstanceOf(Invalid.class);
        assertThat(((Invalid) out).problems()).extracting(Problem::field)
                .containsExactlyInAnyOrder(FIELD + ".maXa", FIELD + ".maHuyen");
        assertThat(((Invalid) out).problems()).filteredOn(p -> p.field().endsWith(".maXa")).singleElement()
                .extracting(Problem::reason).asString()
                .startsWith("pre-reform ward code 00019 is not valid after 2025-07-01")
                .contains("00070, 00004, 00226, 00190");
    }

    @Test
    void pmhtObjectWithCurrentCodesAfterTheReform() {
        assertThat(resolved(pmht("01", null, "00004", IN_2026))).isEqualTo(new PmhtAddress("01", "", "00004", "Số 5 Trần Phú"));
        assertThat(resolved(pmht("24", "", "09190", REFORM_DAY))).isEqualTo(new PmhtAddress("24", "", "09190", "Số 5 Trần Phú"));
    }

    @Test
    void pmhtObjectWithCurrentCodesBeforeTheReform() {
        // 06978 exists only after the reform; 24/09190 was province 27 before it
        assertThat(onlyProblem(pmht("22", "202", "06978", EVE)))
                .isEqualTo(new Problem(FIELD + ".maXa", "current ward code 06978 is not valid before 2025-07-01"));
        assertThat(onlyProblem(pmht("24", "256", "09190", IN_2024)).field()).isEqualTo(FIELD + ".maXa");
    }

    @Test
    void pmhtObjectInconsistencies() {
        // 00019 is in district 001, not 002 (Hoàn Kiếm)
        assertThat(onlyProblem(pmht("01", "002", "00019", IN_2024)).reason())
                .isEqualTo("must be the ward's district 001 (Quận Ba Đình), got 002");
        assertThat(onlyProblem(pmht("01", null, "00019", IN_2024)).field()).isEqualTo(FIELD + ".maHuyen");
        // 00004 is in Hà Nội, not Bắc Ninh
        assertThat(onlyProblem(pmht("24", "", "00004", IN_2026)).reason())
                .isEqualTo("ward 00004 (Phường Ba Đình, Thành phố Hà Nội) is not in province 24 (Tỉnh Bắc Ninh)");
        // 27 (Bắc Ninh) was merged into 24
        assertThat(onlyProblem(pmht("27", "", "09190", IN_2026)))
                .isEqualTo(new Problem(FIELD + ".maTinh", "pre-reform province code 27 is not valid after 2025-07-01"));
    }

    @Test
    void pmhtObjectMissingOrMalformedCodes() {
        AddressOutcome out = normalizer.normalize(FIELD, Map.of("dcChiTiet", "x"), null, IN_2026);
        assertThat(((Invalid) out).problems()).extracting(Problem::field)
                .containsExactlyInAnyOrder(FIELD + ".maTinh", FIELD + ".maXa");
        // numbers lose leading zeros, so they fail the length check rather than being padded
        AddressOutcome numeric = normalizer.normalize(FIELD, Map.of("maTinh", 1, "maXa", "00004"), null, IN_2026);
        assertThat(onlyProblem(numeric)).isEqualTo(new Problem(FIELD + ".maTinh", "must be 2 digits, got '1'"));
    }
}
