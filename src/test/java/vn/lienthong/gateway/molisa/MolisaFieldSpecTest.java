package vn.lienthong.gateway.molisa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import vn.lienthong.gateway.civil.Problem;
import vn.lienthong.gateway.molisa.MolisaFieldSpec.Field;
import vn.lienthong.gateway.molisa.MolisaFieldSpec.Table;

/** The transcription of seed 003 IV.3, re-typed here from the seed as "name:max:required" rows. */
class MolisaFieldSpecTest {

    private static final String DONG_BO_DVC = """
            MaHoSo:25:R MaTTHC:50:R TenTTHC:500:R HoVaTen:250:R NgayThangNamSinh:-:R GioiTinhId:25:- DanTocId:25:-
            CMND:25:R CMND_NgayCap:-:- CMND_NoiCap:250:- MaTinh:10:R MaHuyen:10:R MaXa:10:R HKTT_MaTinh:10:-
            HKTT_MaHuyen:10:- HKTT_MaXa:10:- HKTT_MaThon:250:- HKTT_ChiTiet:250:- NOHT_MaTinh:10:- NOHT_MaHuyen:10:-
            NOHT_MaXa:10:- NOHT_MaThon:10:- NOHT_ChiTiet:250:- SoDienThoai:50:- Email:200:- StatusId:-:R
            SubmittedDate:-:R""";
    private static final String XU_LY_HO_SO = """
            MaHoSo:50:R TaiKhoanXuLy:250:R NguoiXuLy:250:R ChucDanh:250:R ThoiDiemXuLy:-:R DonViXuLy:250:-
            NoiDungXuLy:4000:R StatusId:-:R NgayBatDau:-:R NgayKetThucTheoQuyDinh:-:R UseridCreated:250:-
            UseridEdited:250:- DateCreated:-:- DateEdited:-:-""";
    private static final String FILE_QUYET_DINH = "MaHoSo:50:R HoVaTen:250:R CMND:50:R Url:500:R";

    private static List<String> rows(Table table) {
        return table.fields().stream().map(MolisaFieldSpecTest::row).toList();
    }

    private static String row(Field f) {
        return f.name() + ":" + (f.maxLength() == null ? "-" : f.maxLength()) + ":" + (f.required() ? "R" : "-");
    }

    private static List<String> expected(String text) {
        return List.of(text.trim().split("\\s+"));
    }

    @Test
    void tablesMatchTheSeed() {
        assertThat(rows(Table.DONG_BO_DVC)).containsExactlyElementsOf(expected(DONG_BO_DVC)).hasSize(27);
        assertThat(rows(Table.XU_LY_HO_SO)).containsExactlyElementsOf(expected(XU_LY_HO_SO)).hasSize(14);
        assertThat(rows(Table.FILE_QUYET_DINH)).containsExactlyElementsOf(expected(FILE_QUYET_DINH));
        assertThat(Table.DONG_BO_DVC.operation()).isEqualTo("DongBoDVC");
        assertThat(Table.XU_LY_HO_SO.operation()).isEqualTo("XuLyHoSo");
        assertThat(Table.FILE_QUYET_DINH.operation()).isEqualTo("FileQuyetDinh");
    }

    @Test
    void wireChecksNameFieldAndReasonWithoutEchoingValues() {
        MolisaCatalogs catalogs = MolisaCatalogs.fromClasspath();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("MaHoSo", "HS-1");
        record.put("HoVaTen", "Nguyễn Thị Bé");
        record.put("CMND", "0".repeat(51));
        record.put("Url", "https://x.vn/a.pdf");
        record.put("Extra", "x");
        List<Problem> problems = MolisaFieldSpec.check(Table.FILE_QUYET_DINH, record, catalogs);
        assertThat(problems).containsExactly(new Problem("Extra", "not a field of FileQuyetDinh"),
                new Problem("CMND", "longer than 50 characters (51)"));

        Map<String, Object> step = new LinkedHashMap<>();
        step.put("MaHoSo", "HS-1");
        step.put("TaiKhoanXuLy", "a");
        step.put("NguoiXuLy", "b");
        step.put("ChucDanh", "c");
        step.put("ThoiDiemXuLy", "20/12/2018 22:19:12"); // not the compact form
        step.put("NoiDungXuLy", "d");
        step.put("StatusId", "1"); // a string where the table says Int
        step.put("NgayBatDau", "20181220221912");
        step.put("NgayKetThucTheoQuyDinh", "20181332000000"); // month 13
        assertThat(MolisaFieldSpec.check(Table.XU_LY_HO_SO, step, catalogs)).containsExactly(
                new Problem("ThoiDiemXuLy", "must be a date-time yyyyMMddHHmmss"),
                new Problem("StatusId", "must be a JSON integer"),
                new Problem("NgayKetThucTheoQuyDinh", "must be a date-time yyyyMMddHHmmss"));
    }
}
