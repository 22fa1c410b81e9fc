package vn.lienthong.gateway.molisa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import vn.lienthong.gateway.civil.Problem;
import vn.lienthong.gateway.molisa.MolisaRecordMapper.EthnicityNumbers;

class MolisaRecordMapperTest {

    private static final String MA_HO_SO = "000.00.18.G12-191106-0001"; // exactly 25 characters
    private final MolisaCatalogs catalogs = MolisaCatalogs.fromClasspath();
    private final MolisaRecordMapper mapper = new MolisaRecordMapper(catalogs);

    private static Map<String, Object> mapped(MappingResult r) {
        assertThat(r).as(String.valueOf(r)).isInstanceOf(MappingResult.Mapped.class);
        return ((MappingResult.Mapped) r).record();
    }

    private static List<Problem> problems(MappingResult r) {
        assertThat(r).isInstanceOf(MappingResult.Rejected.class);
        return ((MappingResult.Rejected) r).problems();
    }

    @Test
    void dossierIsMappedToTheExactWireObject() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("MaHoSo", MA_HO_SO);
        expected.put("MaTTHC", "1.001753");
        expected.put("TenTTHC", "Quyết định trợ cấp xã hội hàng tháng hỗ trợ kinh phí chăm sóc nuôi dưỡng hàng tháng khi "
                + "đối tượng thay đổi nơi cư trú giữa các quận huyện thị xã thành phố thuộc tỉnh trong và ngoài tỉnh "
                + "thành phố trực thuộc trung ương");
        expected.put("HoVaTen", "Nguyễn Văn An");
        expected.put("NgayThangNamSinh", "12/03/1950");
        expected.put("GioiTinhId", "1034");
        expected.put("DanTocId", "29");
        expected.put("CMND", "001050012345");
        expected.put("CMND_NgayCap", "12/12/2021");
        expected.put("CMND_NoiCap", "1047");
        expected.put("MaTinh", "01");
        expected.put("MaHuyen", "001");
        expected.put("MaXa", "00001");
        expected.put("HKTT_MaTinh", "01");
        expected.put("HKTT_MaHuyen", "001");
        expected.put("HKTT_MaXa", "00001");
        expected.put("HKTT_MaThon", "Tổ dân phố Đại Cát 3");
        expected.put("HKTT_ChiTiet", "Số nhà 12 A, tổ dân phố Đại Cát 3");
        expected.put("NOHT_MaThon", "Thôn 3");
        expected.put("SoDienThoai", "0999999999");
        expected.put("Email", "email@example.vn");
        expected.put("StatusId", 1);
        expected.put("SubmittedDate", "06/05/2024 08:30:00");

        MappingResult r = mapper.mapDossier(TestSupport.dossierInput(MA_HO_SO));

        assertThat(r.status()).isEqualTo("MAPPED");
        assertThat(mapped(r)).containsExactlyEntriesOf(expected);
        assertThat(((MappingResult.Mapped) r).json())
                .startsWith("{\"MaHoSo\":\"" + MA_HO_SO + "\",\"MaTTHC\":\"1.001753\"")
                .contains("\"StatusId\":1,").contains("\"SubmittedDate\":")
                .doesNotContain("SubmitedDate").doesNotContain("HKTTC_").doesNotContain("GhiChu");
        assertThat(r.toString()).doesNotContain("Nguyễn").doesNotContain("001050012345");
    }

    @Test
    void everyOneOfTheElevenProceduresIsMappedAndOthersAreNotSent() {
        for (Map<String, String> row : TestSupport.csv("catalog/social-assistance-procedures.csv")) {
            Map<String, Object> in = TestSupport.dossierInput(MA_HO_SO);
            in.put("MaTTHC", row.get("ma_tthc"));
            String national = row.get("ma_tthc").replace("2.0000", "2.000");
            assertThat(mapped(mapper.mapDossier(in))).containsEntry("MaTTHC", national);
        }
        Map<String, Object> in = TestSupport.dossierInput(MA_HO_SO);
        in.put("MaTTHC", "1.001193"); // birth registration: civil status, not social assistance
        MappingResult r = mapper.mapDossier(in);
        assertThat(r).isInstanceOf(MappingResult.NotSocialAssistance.class);
        assertThat(r.status()).isEqualTo("NOT_SOCIAL_ASSISTANCE");
        assertThat(((MappingResult.NotSocialAssistance) r).message()).contains("not a social-assistance procedure");
    }

    @Test
    void bothSpellingsOf2000286AreTheSameProcedure() {
        for (String code : List.of("2.0000286", "2.000286")) {
            Map<String, Object> in = TestSupport.dossierInput(MA_HO_SO);
            in.put("MaTTHC", code);
            in.put("TenTTHC", "Tiếp nhận đối tượng bảo trợ xã hội");
            Map<String, Object> out = mapped(mapper.mapDossier(in));
            assertThat(out).containsEntry("MaTTHC", "2.000286").containsEntry("TenTTHC", "Tiếp nhận đối tượng bảo trợ xã hội");
        }
    }

    @Test
    void everyEthnicityInEveryInputForm() {
        MolisaRecordMapper gsoMapper = new MolisaRecordMapper(catalogs, EthnicityNumbers.GSO_CODE);
        for (Map<String, String> row : TestSupport.csv("catalog/ethnicity.csv")) {
            String expected = row.get("molisa_id");
            String name = row.get("name");
            String gso = row.get("gso_code");
            assertThat(dossierWith(mapper, Map.of("MaDanToc", gso))).as("GSO %s", gso).containsEntry("DanTocId", expected);
            assertThat(dossierWith(mapper, Map.of("DanToc_MaGSO", String.format("%02d", Integer.parseInt(gso)))))
                    .containsEntry("DanTocId", expected);
            assertThat(dossierWith(gsoMapper, Map.of("DanTocId", gso))).containsEntry("DanTocId", expected);
            assertThat(dossierWith(mapper, Map.of("DanTocId", expected))).containsEntry("DanTocId", expected);
            assertThat(dossierWith(mapper, Map.of("DanTocId", name))).as(name).containsEntry("DanTocId", expected);
            assertThat(dossierWith(mapper, Map.of("DanToc", TestSupport.stripDiacritics(name))))
                    .containsEntry("DanTocId", expected);
        }
    }

    @Test
    void aBareNumberIsNeverGuessedBetweenGsoAndMolisa() {
        // "30" is GSO Co (58) and MOLISA Tày (30): read by the configured convention, never both.
        assertThat(dossierWith(mapper, Map.of("DanTocId", "30"))).containsEntry("DanTocId", "30");
        assertThat(dossierWith(new MolisaRecordMapper(catalogs, EthnicityNumbers.GSO_CODE), Map.of("DanTocId", "30")))
                .containsEntry("DanTocId", "58");
        // The seed's example "01" is not a MOLISA id: rejected, not silently converted.
        assertThat(problems(mapper.mapDossier(with(Map.of("DanTocId", "01")))))
                .extracting(Problem::field).containsExactly("DanTocId");
        assertThat(problems(mapper.mapDossier(with(Map.of("DanTocId", "29", "MaDanToc", "2")))).get(0).reason())
                .contains("disagree");
    }

    @Test
    void bothGendersInEverySpelling() {
        for (String nam : List.of("Nam", "nam", "NAM", "1034")) {
            assertThat(dossierWith(mapper, Map.of("GioiTinhId", nam))).containsEntry("GioiTinhId", "1034");
        }
        for (String nu : List.of("Nữ", "nữ", "Nu", "NU", "1035")) {
            assertThat(dossierWith(mapper, Map.of("GioiTinhId", nu))).containsEntry("GioiTinhId", "1035");
        }
        assertThat(problems(mapper.mapDossier(with(Map.of("GioiTinhId", "NA")))))
                .containsExactly(new Problem("GioiTinhId", "unknown gender (expected Nam, Nữ or 1034/1035)"));
    }

    @Test
    void everyIssuingPlaceByNameAndId() {
        for (Map<String, String> row : TestSupport.csv("catalog/id_issuing_place.csv")) {
            String id = row.get("molisa_id");
            assertThat(dossierWith(mapper, Map.of("CMND_NoiCap", row.get("name")))).containsEntry("CMND_NoiCap", id);
            assertThat(dossierWith(mapper, Map.of("CMND_NoiCap", TestSupport.stripDiacritics(row.get("name")))))
                    .containsEntry("CMND_NoiCap", id);
            assertThat(dossierWith(mapper, Map.of("CMND_NoiCap", id))).containsEntry("CMND_NoiCap", id);
        }
        assertThat(dossierWith(mapper, Map.of("CMND_NoiCap", "Hà Nội"))).containsEntry("CMND_NoiCap", "1195");
        // an unknown place is left empty with a warning, not a rejection: see MolisaAfterReformTest
    }

    @Test
    void datesInIsoAndSeedFormats() {
        assertThat(dossierWith(mapper, Map.of("NgayThangNamSinh", "12/03/1950"))).containsEntry("NgayThangNamSinh", "12/03/1950");
        assertThat(dossierWith(mapper, Map.of("NgayThangNamSinh", "1950-03-12T00:00:00"))).containsEntry("NgayThangNamSinh", "12/03/1950");
        assertThat(dossierWith(mapper, Map.of("SubmitedDate", "12/12/2021 12:22:34"))).containsEntry("SubmittedDate", "12/12/2021 12:22:34");
        // An instant in UTC is shown in Vietnam time (+07:00).
        assertThat(dossierWith(mapper, Map.of("SubmitedDate", "2021-12-12T20:00:00Z"))).containsEntry("SubmittedDate", "13/12/2021 03:00:00");
        assertThat(problems(mapper.mapDossier(with(Map.of("NgayThangNamSinh", "31/02/1950")))))
                .extracting(Problem::field).containsExactly("NgayThangNamSinh");
    }

    @Test
    void bothSubmittedDateSpellingsAcceptedButConflictsRejected() {
        Map<String, Object> in = TestSupport.dossierInput(MA_HO_SO);
        in.remove("SubmitedDate");
        in.put("SubmittedDate", "2024-05-06T08:30:00");
        assertThat(mapped(mapper.mapDossier(in))).containsEntry("SubmittedDate", "06/05/2024 08:30:00");
        in.put("SubmitedDate", "2024-05-07T08:30:00");
        assertThat(problems(mapper.mapDossier(in))).extracting(Problem::field).containsExactly("SubmittedDate");
    }

    @Test
    void lengthLimitsRejectWithFieldAndReasonAndNeverTruncate() {
        Map<String, Integer> limits = new LinkedHashMap<>();
        limits.put("MaHoSo", 25);
        limits.put("HoVaTen", 250);
        limits.put("CMND", 25);
        limits.put("TenTTHC", 500);
        limits.put("HKTT_ChiTiet", 250);
        limits.put("NOHT_MaThon", 10);
        limits.put("NOHT_ChiTiet", 250);
        limits.put("SoDienThoai", 50);
        limits.put("Email", 200);
        limits.forEach((field, max) -> {
            String atLimit = "ễ".repeat(max); // a multi-byte letter: characters, not bytes, are counted
            assertThat(dossierWith(mapper, Map.of(field, atLimit))).as(field).containsEntry(field, atLimit);
            List<Problem> p = problems(mapper.mapDossier(with(Map.of(field, atLimit + "a"))));
            assertThat(p).as(field).containsExactly(new Problem(field, "longer than " + max + " characters (" + (max + 1) + ")"));
        });
        // Decomposed input (e + combining marks) is composed first, so it is not counted longer than it is.
        String decomposed = java.text.Normalizer.normalize("ễ".repeat(10), java.text.Normalizer.Form.NFD);
        assertThat(dossierWith(mapper, Map.of("NOHT_MaThon", decomposed))).containsEntry("NOHT_MaThon", "ễ".repeat(10));
    }

    @Test
    void requiredFieldsAreReportedTogether() {
        Map<String, Object> in = TestSupport.dossierInput(MA_HO_SO);
        in.remove("CMND");
        in.put("HoVaTen", "   ");
        in.remove("MaXa");
        in.put("StatusId", "mot");
        assertThat(problems(mapper.mapDossier(in))).containsExactlyInAnyOrder(
                new Problem("HoVaTen", "required"), new Problem("CMND", "required"),
                new Problem("MaXa", "required"), new Problem("StatusId", "must be an integer"));
    }

    @Test
    void gsoCodesArePaddedAndCheckedNotGuessed() {
        assertThat(dossierWith(mapper, Map.of("MaTinh", "2", "MaHuyen", 26, "MaXa", "712")))
                .containsEntry("MaTinh", "02").containsEntry("MaHuyen", "026").containsEntry("MaXa", "00712");
        assertThat(problems(mapper.mapDossier(with(Map.of("MaTinh", "HN"))))).extracting(Problem::field).containsExactly("MaTinh");
        assertThat(problems(mapper.mapDossier(with(Map.of("MaXa", "123456"))))).extracting(Problem::field).containsExactly("MaXa");
    }

    @Test
    void progressStepIsMapped() {
        MappingResult r = mapper.mapProgress(TestSupport.progressInput("000.00.18.G12-020819-0001"));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("MaHoSo", "000.00.18.G12-020819-0001");
        expected.put("TaiKhoanXuLy", "canbo01");
        expected.put("NguoiXuLy", "Trần Văn A");
        expected.put("ChucDanh", "Chuyên viên");
        expected.put("ThoiDiemXuLy", "20181220221912");
        expected.put("DonViXuLy", "Phòng LĐTBXH");
        expected.put("NoiDungXuLy", "Thẩm định hồ sơ");
        expected.put("StatusId", 2);
        expected.put("NgayBatDau", "20181220080000");
        expected.put("NgayKetThucTheoQuyDinh", "20181230170000");
        expected.put("UseridCreated", "canbo01");
        assertThat(mapped(r)).containsExactlyEntriesOf(expected);

        Map<String, Object> in = TestSupport.progressInput("X");
        in.put("NoiDungXuLy", "x".repeat(4001));
        in.put("NgayBatDau", "");
        assertThat(problems(mapper.mapProgress(in))).containsExactly(
                new Problem("NoiDungXuLy", "longer than 4000 characters (4001)"), new Problem("NgayBatDau", "required"));

        Map<String, Object> other = TestSupport.progressInput("X");
        other.put("MaTTHC", "1.001193");
        assertThat(mapper.mapProgress(other)).isInstanceOf(MappingResult.NotSocialAssistance.class);
    }

    @Test
    void decisionIsMapped() {
        assertThat(mapped(mapper.mapDecision(TestSupport.decisionInput("000.00.18.G12-020819-0001")))).containsExactlyEntriesOf(
                ordered("MaHoSo", "000.00.18.G12-020819-0001", "HoVaTen", "Nguyễn Văn An", "CMND", "001050012345",
                        "Url", "https://dichvucong.example.gov.vn/Files/QD.pdf"));
        Map<String, Object> in = TestSupport.decisionInput("X");
        in.put("Url", "https://e.vn/" + "a".repeat(488)); // 501 characters
        assertThat(problems(mapper.mapDecision(in))).containsExactly(new Problem("Url", "longer than 500 characters (501)"));
        in.put("Url", "QD.pdf");
        assertThat(problems(mapper.mapDecision(in))).extracting(Problem::field).containsExactly("Url");
        // CMND may be 50 long in FileQuyetDinh (25 in DongBoDVC): the tables differ and both are honoured.
        Map<String, Object> longId = TestSupport.decisionInput("X");
        longId.put("CMND", "1".repeat(50));
        assertThat(mapper.mapDecision(longId).isMapped()).isTrue();
        longId.put("CMND", "1".repeat(51));
        assertThat(problems(mapper.mapDecision(longId))).extracting(Problem::field).containsExactly("CMND");
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> with(Map<String, Object> overrides) {
        Map<String, Object> in = TestSupport.dossierInput(MA_HO_SO);
        in.remove("MaDanToc");
        in.remove("SubmitedDate");
        in.put("SubmittedDate", "2024-05-06 08:30:00");
        for (String key : overrides.keySet()) {
            in.remove(key.replace("HKTT_", "HKTTC_")); // the fixture uses the seed example's prefix
        }
        in.putAll(overrides);
        if (overrides.containsKey("SubmitedDate")) {
            in.remove("SubmittedDate");
        }
        return in;
    }

    private static Map<String, Object> dossierWith(MolisaRecordMapper m, Map<String, Object> overrides) {
        return mapped(m.mapDossier(with(overrides)));
    }
}
