package vn.lienthong.gateway.molisa;

import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.civil.Problem;
import vn.lienthong.gateway.molisa.MolisaRecordMapper.DistrictAfterReform;
import vn.lienthong.gateway.molisa.MolisaRecordMapper.EthnicityNumbers;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 003 (DongBoDVC table) predates 1 July 2025: MaHuyen is "Bắt buộc" although districts were then abolished,
 * and CMND_NoiCap's catalogue has 62 rows (no Cao Bằng, Ninh Thuận, Cà Mau). Codes are read off the catalogue CSVs:
 * {@code 22,06709,Phường Ka Long,22,06709,Phường Móng Cái 2} (one old ward, district 194) and 00226 Phường Văn Miếu
 * - Quốc Tử Giám, made of wards of Ba Đình (001), Hoàn Kiếm (002) and Đống Đa (006).
 */
class MolisaAfterReformTest {

    private final MolisaCatalogs catalogs = MolisaCatalogs.fromClasspath();
    private final MolisaRecordMapper derive = new MolisaRecordMapper(catalogs);
    private final MolisaRecordMapper empty = new MolisaRecordMapper(catalogs, EthnicityNumbers.MOLISA_ID,
            DistrictAfterReform.EMPTY);

    private static Map<String, Object> dossier(String date, String maTinh, String maHuyen, String maXa) {
        Map<String, Object> m = TestSupport.dossierInput("H22.08-260714-0001");
        m.put("SubmitedDate", date);
        m.put("MaTinh", maTinh);
        m.put("MaXa", maXa);
        m.put("HKTTC_MaTinh", maTinh);
        m.put("HKTTC_MaXa", maXa);
        if (maHuyen == null) {
            m.remove("MaHuyen");
            m.remove("HKTTC_MaHuyen");
        } else {
            m.put("MaHuyen", maHuyen);
            m.put("HKTTC_MaHuyen", maHuyen);
        }
        return m;
    }

    private static MappingResult.Mapped mapped(MappingResult r) {
        assertThat(r).as(String.valueOf(r instanceof MappingResult.Rejected rj ? rj.problems() : r))
                .isInstanceOf(MappingResult.Mapped.class);
        return (MappingResult.Mapped) r;
    }

    private static List<Problem> problems(MappingResult r) {
        assertThat(r).isInstanceOf(MappingResult.Rejected.class);
        return ((MappingResult.Rejected) r).problems();
    }

    @Test
    void postReformWardWithoutDistrictIsSentWithItsSingleOldDistrictDerived() {
        MappingResult.Mapped m = mapped(derive.mapDossier(dossier("2026-07-14T08:30:00+07:00", "22", null, "06709")));
        assertThat(m.record()).containsEntry("MaHuyen", "194").containsEntry("HKTT_MaHuyen", "194")
                .containsEntry("MaXa", "06709");
        assertThat(List.copyOf(m.record().keySet()).indexOf("MaHuyen"))
                .isEqualTo(List.copyOf(m.record().keySet()).indexOf("MaTinh") + 1);
        assertThat(m.warnings()).filteredOn(w -> w.field().equals("MaHuyen")).singleElement()
                .extracting(Problem::reason).asString().contains("derived 194");
    }

    @Test
    void postReformDistrictIsEmptyWhenSoConfiguredOrWhenSeveralOldDistricts() {
        assertThat(mapped(empty.mapDossier(dossier("2026-07-14T08:30:00+07:00", "22", null, "06709"))).record())
                .containsEntry("MaHuyen", "");
        MappingResult.Mapped several = mapped(derive.mapDossier(dossier("2026-07-14T08:30:00+07:00", "01", null, "00226")));
        assertThat(several.record()).containsEntry("MaHuyen", "");
        assertThat(several.warnings()).extracting(Problem::field).contains("MaHuyen");
        // a wrong district given after the reform is replaced, not a reason to refuse the record
        assertThat(mapped(derive.mapDossier(dossier("2026-07-14T08:30:00+07:00", "22", "193", "06709"))).record())
                .containsEntry("MaHuyen", "194");
    }

    @Test
    void beforeTheReformMaHuyenStaysRequired() {
        assertThat(problems(derive.mapDossier(dossier("2024-05-06T08:30:00+07:00", "22", null, "06709"))))
                .extracting(Problem::field).contains("MaHuyen");
    }

    @Test
    void codesAreCheckedAgainstTheCatalogueOfSubmittedDate() {
        // 07219 Phường Lê Lợi (TP Bắc Giang, 213) was merged away on 2025-01-01
        assertThat(mapped(derive.mapDossier(dossier("2024-05-06T08:30:00+07:00", "24", "213", "07219"))).record())
                .containsEntry("MaXa", "07219");
        assertThat(problems(derive.mapDossier(dossier("2025-03-10T08:30:00+07:00", "24", "213", "07219"))))
                .filteredOn(p -> p.field().equals("MaXa")).singleElement().extracting(Problem::reason).asString()
                .contains("07219 was valid until 2024-12-31");
        // a pre-reform ward code after the reform names its successors
        assertThat(problems(derive.mapDossier(dossier("2026-07-14T08:30:00+07:00", "01", null, "00019"))))
                .filteredOn(p -> p.field().equals("MaXa")).singleElement().extracting(Problem::reason).asString()
                .contains("pre-reform ward code 00019", "00070, 00004, 00226, 00190");
        assertThat(problems(derive.mapDossier(dossier("2026-07-14T08:30:00+07:00", "99", null, "06709"))))
                .extracting(Problem::field).contains("MaTinh");
        // ward of another province
        assertThat(problems(derive.mapDossier(dossier("2026-07-14T08:30:00+07:00", "01", null, "06709"))))
                .extracting(Problem::field).contains("MaXa");
    }

    @Test
    void unknownOptionalIssuingPlaceIsLeftEmptyWithAWarning() {
        for (String place : List.of("Cao Bằng", "Ninh Thuận", "Cà Mau", "Công an phường 5")) {
            Map<String, Object> in = dossier("2026-07-14T08:30:00+07:00", "22", null, "06709");
            in.put("CMND_NoiCap", place);
            MappingResult.Mapped m = mapped(derive.mapDossier(in));
            assertThat(m.record()).doesNotContainKey("CMND_NoiCap");
            assertThat(m.warnings()).filteredOn(w -> w.field().equals("CMND_NoiCap")).singleElement()
                    .extracting(Problem::reason).asString().contains("left empty").doesNotContain(place);
        }
    }
}
