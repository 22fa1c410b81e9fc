package vn.lienthong.gateway.acceptance;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The run's birth dossiers, as the one-stop-shop drops them on civil.dossier.inbound: made-up people whose names say
 * "Kiểm thử" (test data), real catalogue addresses, the test unit as registering unit, dated now (Vietnam time).
 * The codes start with KTKN ("kiểm thử kết nối") so that PMHT's staff and the deletion list recognise them.
 */
final class SyntheticDossiers {

    private static final DateTimeFormatter DVCLT = DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm:ss");
    private static final DateTimeFormatter DOTTED = DateTimeFormatter.ofPattern("dd.MM.uuuu");
    /** A one-page PDF saying "Giay chung sinh - mau thu nghiem" (the samples' birth certificate attachment). */
    private static final String GCS_PDF = "JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMTAwXSAvQ29udGVudHMgNCAwIFIgL1Jlc291cmNlcyA8PCAvRm9udCA8PCAvRjEgNSAwIFIgPj4gPj4gPj4KZW5kb2JqCjQgMCBvYmoKPDwgL0xlbmd0aCA2MiA+PgpzdHJlYW0KQlQgL0YxIDEyIFRmIDIwIDUwIFRkIChHaWF5IGNodW5nIHNpbmggLSBtYXUgdGh1IG5naGllbSkgVGogRVQKZW5kc3RyZWFtCmVuZG9iago1IDAgb2JqCjw8IC9UeXBlIC9Gb250IC9TdWJ0eXBlIC9UeXBlMSAvQmFzZUZvbnQgL0hlbHZldGljYSA+PgplbmRvYmoKeHJlZgowIDYKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDA5IDAwMDAwIG4gCjAwMDAwMDAwNTggMDAwMDAgbiAKMDAwMDAwMDExNSAwMDAwMCBuIAowMDAwMDAwMjQxIDAwMDAwIG4gCjAwMDAwMDAzNTMgMDAwMDAgbiAKdHJhaWxlcgo8PCAvU2l6ZSA2IC9Sb290IDEgMCBSID4+CnN0YXJ0eHJlZgo0MjMKJSVFT0YK";

    private final ObjectMapper json = new ObjectMapper();

    /** {@code KTKN-<unit>-<yyMMddHHmm>-<run>-<track>}: unique per run, at most 50 characters. */
    static String code(String unit, LocalDateTime startedAt, long runId, AcceptanceCases.Track track) {
        return "KTKN-" + unit + "-" + startedAt.format(DateTimeFormatter.ofPattern("yyMMddHHmm")) + "-" + runId + "-"
                + track.codeSuffix;
    }

    /** Version 1, or 2 for the supplemented dossier (another copy count: new content, so a new version). */
    String birth(String maHoSo, String unit, LocalDateTime now, int version) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("maGCS", "GCS-" + maHoSo);
        data.put("ngayCapGCS", now.minusDays(1).format(DOTTED));
        data.put("loaiDangKy", "1");
        data.put("noiDangKy", "");
        data.put("soLuongBanSao", String.valueOf(version));
        data.put("nksHoTen", "Kiểm Thử Khai Sinh");
        data.put("nksGioiTinh", "1");
        data.put("nksNgaySinh", now.minusDays(3).format(DOTTED));
        data.put("nksNoiSinh", "Bệnh viện Phụ sản Hà Nội");
        data.put("nksNoiSinhDVHC", "Phường Ngọc Hà, Thành phố Hà Nội");
        data.put("nksQueQuan", "Phường Ba Đình, Thành phố Hà Nội");
        data.put("nksDanToc", "01");
        data.put("nksQuocTich", "VN");
        data.put("meHoTen", "Kiểm Thử Người Mẹ");
        data.put("meNgaySinh", "01.01.1995");
        data.put("meNoiCuTru", "Số 12 phố Kim Mã, Phường Ba Đình, Thành phố Hà Nội");
        data.put("meSoGiayToTuyThan", "001195000099");
        data.put("nycHoTen", "Kiểm Thử Người Mẹ");
        data.put("nycQuanHe", "Mẹ");
        data.put("nycSoGiayToTuyThan", "001195000099");
        data.put("nycSoDienThoai", "0900000000");
        data.put("nycNoiCuTru", "Số 12 phố Kim Mã, Phường Ba Đình, Thành phố Hà Nội");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("maHoSo", maHoSo);
        d.put("maTTHC", "1.001193");
        d.put("maDonVi", unit);
        d.put("module", "KS");
        d.put("ngayTiepNhan", now.format(DVCLT));
        d.put("data", data);
        d.put("fileDinhKem", List.of(Map.of("id", "1", "loaiGiayTo", "GCS", "tenGiayTo", "Giấy chứng sinh (kiểm thử)",
                "tenTepDinhKem", "gcs-kiem-thu.pdf", "huyGiayTo", false, "duLieuTepDinhKem", GCS_PDF)));
        try {
            return json.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
