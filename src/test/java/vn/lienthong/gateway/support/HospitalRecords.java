package vn.lienthong.gateway.support;

import java.util.LinkedHashMap;
import java.util.Map;

/** A birth certificate and a death notice as a hospital's HIS sends them (shared by the health, privacy and data-at-rest tests). */
public final class HospitalRecords {

    private HospitalRecords() {
    }

    public static Map<String, Object> birthCertificate(String maGCS, String motherId) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("maGCS", maGCS);
        r.put("quyenSo", "01/2026");
        r.put("ngayCapGCS", "10/07/2026");
        r.put("maCoSoKCB", "01813");
        r.put("tenCoSoKCB", "Bệnh viện Phụ sản Hà Nội");
        r.put("meHoTen", "Trần Thị Mẫu");
        r.put("meNgaySinh", "01/01/1995");
        r.put("meSoGiayToTuyThan", motherId);
        r.put("meDanToc", "Kinh");
        r.put("meNoiCuTru", "Số 12 phố Kim Mã, Phường Ba Đình, Thành phố Hà Nội");
        r.put("chaHoTen", "Nguyễn Văn Bố");
        r.put("nksGioiTinh", "Nam");
        r.put("nksNgaySinh", "05/07/2026");
        r.put("nksGioSinh", "08:45");
        r.put("nksCanNang", 3200);
        r.put("nksNoiSinh", "Bệnh viện Phụ sản Hà Nội");
        r.put("nksHoTenDuKien", "Nguyễn Văn Thử");
        return r;
    }

    public static Map<String, Object> deathNotice(String maGBT, String deceasedId) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("maGBT", maGBT);
        r.put("ngayCapGBT", "02.07.2026");
        r.put("maCoSoKCB", "27001");
        r.put("tenCoSoKCB", "Bệnh viện Đa khoa tỉnh Bắc Ninh");
        r.put("nktHoTen", "Lê Văn Giả");
        r.put("nktGioiTinh", "1");
        r.put("nktNgaySinh", "1950-01-01");
        r.put("nktSoGiayToTuyThan", deceasedId);
        r.put("nktNoiCuTru", "Thôn 3, Xã Xuân Lương, Tỉnh Bắc Ninh");
        r.put("nktNgayChet", "01.07.2026");
        r.put("nktGioPhutChet", "10:15");
        r.put("nktNoiChet", "Bệnh viện Đa khoa tỉnh Bắc Ninh");
        r.put("nktNguyenNhanChet", "Bệnh");
        return r;
    }
}
