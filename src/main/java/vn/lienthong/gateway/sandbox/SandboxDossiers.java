package vn.lienthong.gateway.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DVCLT dossier details as DVCLT's hosolienthong/{id} returns them ({@code data} is XML with {@code <hoTich>}),
 * with made-up people and real catalogue addresses (Hà Nội: Phường Ba Đình 00004, Phường Ngọc Hà 00008).
 */
public final class SandboxDossiers {

    private SandboxDossiers() {
    }

    /** A birth dossier (module KS); {@code copies} varies the content, e.g. for a supplemented version. */
    public static Map<String, Object> birth(String maHoSo, String techId, String ngayTiepNhan, int copies) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("maGCS", "GCS-" + techId);
        f.put("ngayCapGCS", "20.11.2026");
        f.put("loaiDangKy", "1");
        f.put("noiDangKy", "UBND Phường Ba Đình");
        f.put("soLuongBanSao", String.valueOf(copies));
        f.put("nksHoTen", "Nguyễn Văn Mẫu");
        f.put("nksGioiTinh", "1");
        f.put("nksNgaySinh", "18.11.2026");
        f.put("nksNoiSinh", "Bệnh viện Phụ sản Hà Nội");
        f.put("nksNoiSinhDVHC", "Phường Ngọc Hà, Thành phố Hà Nội");
        f.put("nksQueQuan", "Phường Ba Đình, Thành phố Hà Nội");
        f.put("nksDanToc", "01");
        f.put("nksQuocTich", "VN");
        f.put("meHoTen", "Trần Thị Thử");
        f.put("meNgaySinh", "01.01.1995");
        f.put("meNoiCuTru", "Số 12 phố Kim Mã, Phường Ba Đình, Thành phố Hà Nội");
        f.put("meSoGiayToTuyThan", "001195000099");
        f.put("nycHoTen", "Trần Thị Thử");
        f.put("nycQuanHe", "Mẹ");
        f.put("nycSoGiayToTuyThan", "001195000099");
        f.put("nycSoDienThoai", "0900000000");
        f.put("nycNoiCuTru", "Số 12 phố Kim Mã, Phường Ba Đình, Thành phố Hà Nội");
        StringBuilder xml = new StringBuilder("<hoTich>");
        f.forEach((k, v) -> xml.append('<').append(k).append('>').append(escape(v)).append("</").append(k).append('>'));
        xml.append("</hoTich>");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("maDonVi", "00004");
        d.put("maTTHC", "1.001193");
        d.put("module", "KS");
        d.put("maHoSo", maHoSo);
        d.put("ngayTiepNhan", ngayTiepNhan);
        d.put("techId", techId);
        d.put("data", xml.toString());
        d.put("fileDinhKem", List.of(Map.of("id", "1", "loaiGiayTo", "GCS", "tenGiayTo", "Giấy chứng sinh",
                "tenTepDinhKem", "gcs.pdf", "huyGiayTo", false, "duLieuTepDinhKem",
                java.util.Base64.getEncoder().encodeToString(MinimalPdf.of("Giay chung sinh " + techId)))));
        return d;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
