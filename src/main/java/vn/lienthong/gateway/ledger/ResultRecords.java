package vn.lienthong.gateway.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.Optional;

import vn.lienthong.gateway.security.PayloadCipher;

/** Registration results of civil dossiers; the certificate itself lives in the file store under its SHA-256. */
public class ResultRecords {

    /** {@code documentField} is giayKhaiSinh or giayKhaiTu. soDinhDanh is personal data: never logged, stored encrypted. */
    public record Result(String maHoSo, String contentVersion, String documentField, String sha256, long sizeBytes,
                         String soDinhDanh, String soDangKy, String quyenSo, String trangSo, String ngayDangKy) {
    }

    /** Bound to the dossier (the row's key). */
    private static final PayloadCipher.Column SO_DINH_DANH = PayloadCipher.Column.of("civil_result", "so_dinh_danh");

    private final Ledger db;

    public ResultRecords(Ledger ledger) {
        this.db = ledger;
    }

    public void save(Result r) {
        db.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM civil_result WHERE ma_ho_so = ?")) {
                del.setString(1, r.maHoSo());
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO civil_result (ma_ho_so, content_version,"
                    + " document_field, sha256, size_bytes, so_dinh_danh, so_dang_ky, quyen_so, trang_so, ngay_dang_ky,"
                    + " stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, r.maHoSo());
                ps.setString(2, r.contentVersion());
                ps.setString(3, r.documentField());
                ps.setString(4, r.sha256());
                ps.setLong(5, r.sizeBytes());
                ps.setString(6, db.cipher().encryptText(r.soDinhDanh(), SO_DINH_DANH, r.maHoSo()));
                ps.setString(7, r.soDangKy());
                ps.setString(8, r.quyenSo());
                ps.setString(9, r.trangSo());
                ps.setString(10, r.ngayDangKy());
                ps.setTimestamp(11, Timestamp.from(db.now()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Result> find(String maHoSo) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT ma_ho_so, content_version, document_field, sha256,"
                    + " size_bytes, so_dinh_danh, so_dang_ky, quyen_so, trang_so, ngay_dang_ky FROM civil_result"
                    + " WHERE ma_ho_so = ?")) {
                ps.setString(1, maHoSo);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Result(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getLong(5), db.cipher().decryptText(rs.getString(6), SO_DINH_DANH, rs.getString(1)),
                            rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10))) : Optional.<Result>empty();
                }
            }
        });
    }
}
