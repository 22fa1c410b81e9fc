package vn.lienthong.gateway.molisa;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helpers written independently of the production code (own CSV reader, own diacritics stripping). */
final class TestSupport {

    private TestSupport() {
    }

    /** Rows of a catalogue CSV as header -> cell maps. */
    static List<Map<String, String>> csv(String resource) {
        InputStream in = TestSupport.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource);
        }
        List<Map<String, String>> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String[] header = r.readLine().split(",");
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",");
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], cells[i]);
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** "Nguyễn Đức" -> "Nguyen Duc". */
    static String stripDiacritics(String s) {
        String d = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return d.replace('đ', 'd').replace('Đ', 'D');
    }

    /** A valid one-stop-shop dossier, deliberately in the sloppy spellings the mapper must accept. */
    static Map<String, Object> dossierInput(String maHoSo) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("MaHoSo", maHoSo);
        m.put("MaTTHC", "1.001753");
        m.put("HoVaTen", "Nguyễn Văn An");
        m.put("NgayThangNamSinh", "1950-03-12");
        m.put("GioiTinhId", "Nam");
        m.put("MaDanToc", "01");
        m.put("CMND", "001050012345");
        m.put("CMND_NgayCap", "12/12/2021");
        m.put("CMND_NoiCap", "Cục Cảnh sát QLHC về trật tự xã hội");
        m.put("MaTinh", 1);
        m.put("MaHuyen", "001");
        m.put("MaXa", "1");
        m.put("HKTTC_MaTinh", "01");
        m.put("HKTTC_MaHuyen", "001");
        m.put("HKTTC_MaXa", "00001");
        m.put("HKTTC_MaThon", "Tổ dân phố Đại Cát 3");
        m.put("HKTTC_ChiTiet", "Số nhà 12 A, tổ dân phố Đại Cát 3");
        m.put("NOHT_MaThon", "Thôn 3");
        m.put("SoDienThoai", "0999999999");
        m.put("Email", "email@example.vn");
        m.put("StatusId", "1");
        m.put("SubmitedDate", "2024-05-06T08:30:00+07:00");
        m.put("GhiChu", "ignored: not a MOLISA field");
        return m;
    }

    static Map<String, Object> progressInput(String maHoSo) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("MaHoSo", maHoSo);
        m.put("TaiKhoanXuLy", "canbo01");
        m.put("NguoiXuLy", "Trần Văn A");
        m.put("ChucDanh", "Chuyên viên");
        m.put("ThoiDiemXuLy", "2018-12-20T22:19:12");
        m.put("PhongBanXuLy", "Phòng LĐTBXH");
        m.put("NoiDungXuLy", "Thẩm định hồ sơ");
        m.put("StatusId", 2);
        m.put("NgayBatDau", "20/12/2018 08:00:00");
        m.put("NgayKetThucTheoQuyDinh", "20181230170000");
        m.put(" UserIdCreated", "canbo01");
        return m;
    }

    static Map<String, Object> decisionInput(String maHoSo) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("MaHoSo", maHoSo);
        m.put("HoVaTen", " Nguyễn Văn An ");
        m.put("CMND", "001050012345");
        m.put("Url", " https://dichvucong.example.gov.vn/Files/QD.pdf ");
        return m;
    }

}
