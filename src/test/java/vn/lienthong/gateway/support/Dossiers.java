package vn.lienthong.gateway.support;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Real-shaped DVCLT dossiers for tests, with addresses taken from the official catalogues. */
public final class Dossiers {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String TINY_PDF = Base64.getEncoder().encodeToString(
            "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes());

    private Dossiers() {
    }

    /** A 2026 birth dossier with flat DVCLT addresses in Hà Nội (Phường Ba Đình 00004, Phường Ngọc Hà 00008). */
    public static Map<String, Object> birth(String maHoSo) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("maGCS", "GCS-2026-0001");
        data.put("ngayCapGCS", "10.07.2026");
        data.put("loaiDangKy", "1");
        data.put("noiDangKy", "UBND Phường Ba Đình");
        data.put("soLuongBanSao", "1");
        data.put("nksHoTen", "Nguyễn Văn Thử");
        data.put("nksGioiTinh", "1");
        data.put("nksNgaySinh", "05.07.2026");
        data.put("nksNoiSinh", "Bệnh viện Phụ sản Hà Nội");
        data.put("nksNoiSinhDVHC", "Phường Ngọc Hà, Thành phố Hà Nội");
        data.put("nksQueQuan", "Phuong Ba Dinh, TP. Ha Noi");
        data.put("nksDanToc", "01");
        data.put("nksQuocTich", "VN");
        data.put("meHoTen", "Trần Thị Mẫu");
        data.put("meNgaySinh", "01.01.1995");
        data.put("meNoiCuTru", "Số 12 phố Kim Mã, Phường Ba Đình, Thành phố Hà Nội");
        data.put("meSoGiayToTuyThan", "001195000077");
        data.put("nycHoTen", "Trần Thị Mẫu");
        data.put("nycQuanHe", "Mẹ");
        data.put("nycSoGiayToTuyThan", "001195000077");
        data.put("nycSoDienThoai", "0912345678");
        data.put("nycNoiCuTru", "Số 12 phố Kim Mã, P. Ba Đình, TP. Hà Nội");
        return envelope(maHoSo, "KS", "00004", "13/07/2026 08:30:00", data);
    }

    /** A 2026 death dossier whose data is DVCLT XML, in Bắc Ninh (Xã Xuân Lương 07246). */
    public static Map<String, Object> deathXml(String maHoSo) {
        String xml = "<hoTich>"
                + "<maGBT>GBT-01</maGBT><ngayCapGBT>02.07.2026</ngayCapGBT>"
                + "<nktHoTen>Lê Văn Giả</nktHoTen><nktGioiTinh>1</nktGioiTinh><nktNgaySinh>01.01.1950</nktNgaySinh>"
                + "<nktNoiCuTru>Thôn 3, Xã Xuân Lương, Tỉnh Bắc Ninh</nktNoiCuTru>"
                + "<nktSoGiayToTuyThan>024050000001</nktSoGiayToTuyThan>"
                + "<nktNgayChet>01.07.2026</nktNgayChet><nktGioPhutChet>10:15</nktGioPhutChet>"
                + "<nktNoiChet>Thôn 3, Xã Xuân Lương, Tỉnh Bắc Ninh</nktNoiChet><nktNguyenNhanChet>Bệnh</nktNguyenNhanChet>"
                + "<gbtLoai>1</gbtLoai><gbtSo>GBT-01</gbtSo><gbtNgay>02.07.2026</gbtNgay>"
                + "<nycHoTen>Lê Văn Con</nycHoTen><nycQuanHe>Con</nycQuanHe>"
                + "<nycNoiCuTru>Thôn 3, Xã Xuân Lương, Tỉnh Bắc Ninh</nycNoiCuTru>"
                + "</hoTich>";
        return envelope(maHoSo, "KT", "07246", "03/07/2026 09:00:00", xml);
    }

    public static Map<String, Object> envelope(String maHoSo, String module, String maDonVi, String ngayTiepNhan, Object data) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("maHoSo", maHoSo);
        d.put("maTTHC", "1.001193");
        d.put("maDonVi", maDonVi);
        d.put("module", module);
        d.put("ngayTiepNhan", ngayTiepNhan);
        d.put("data", data);
        d.put("fileDinhKem", List.of(Map.of("id", "1", "loaiGiayTo", "GCS", "tenGiayTo", "Giấy chứng sinh",
                "tenTepDinhKem", "gcs.pdf", "huyGiayTo", false, "duLieuTepDinhKem", TINY_PDF)));
        return d;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> data(Map<String, Object> dossier) {
        return (Map<String, Object>) dossier.get("data");
    }

    public static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static com.fasterxml.jackson.databind.JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
