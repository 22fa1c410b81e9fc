package vn.lienthong.gateway.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.Objects;
import java.util.Optional;

/** DVCLT facts of a civil dossier that every status update repeats (procedure code, unit, dates). */
public class DossierMetaStore {

    /** Dates are DVCLT's {@code dd/MM/yyyy HH:mm:ss}; {@code hanTraTruoc} is the appointment given before the current one. */
    public record Meta(String maHoSo, String maTTHC, String maDonVi, String ngayTiepNhan, String hanTra,
                       String hanTraTruoc) {
    }

    private final Ledger db;

    public DossierMetaStore(Ledger ledger) {
        this.db = ledger;
    }

    /**
     * Records the facts; a changed appointment date keeps the previous one as {@code hanTraTruoc}. Returns the facts
     * as now stored (what {@link #find} would read), so that the caller need not read them back.
     */
    public Meta save(String maHoSo, String maTTHC, String maDonVi, String ngayTiepNhan, String hanTra) {
        try {
            // a dossier's facts are written once at its first intake: the insert is tried first, and only a dossier
            // seen before (its key taken) is read and updated (one look-up less per new dossier, BENCHMARKS.md)
            return insert(maHoSo, maTTHC, maDonVi, ngayTiepNhan, hanTra);
        } catch (LedgerException e) {
            if (!Sql.isUniqueViolation(e.getCause())) {
                throw e;
            }
        }
        try {
            return saveOnce(maHoSo, maTTHC, maDonVi, ngayTiepNhan, hanTra);
        } catch (LedgerException e) {
            // two consumers inserted the same new dossier at once: the loser updates the winner's row
            if (!Sql.isUniqueViolation(e.getCause())) {
                throw e;
            }
            return saveOnce(maHoSo, maTTHC, maDonVi, ngayTiepNhan, hanTra);
        }
    }

    private Meta saveOnce(String maHoSo, String maTTHC, String maDonVi, String ngayTiepNhan, String hanTra) {
        Optional<Meta> old = find(maHoSo);
        return db.inTransaction(c -> {
            Timestamp now = Timestamp.from(db.now());
            if (old.isPresent()) {
                String before = Objects.equals(old.get().hanTra(), hanTra) ? old.get().hanTraTruoc() : old.get().hanTra();
                try (PreparedStatement ps = c.prepareStatement("UPDATE civil_dossier_meta SET ma_tthc = ?, ma_don_vi = ?,"
                        + " ngay_tiep_nhan = ?, han_tra = ?, han_tra_truoc = ?, updated_at = ? WHERE ma_ho_so = ?")) {
                    ps.setString(1, maTTHC);
                    ps.setString(2, maDonVi);
                    ps.setString(3, ngayTiepNhan);
                    ps.setString(4, hanTra);
                    ps.setString(5, before);
                    ps.setTimestamp(6, now);
                    ps.setString(7, maHoSo);
                    ps.executeUpdate();
                }
                return new Meta(maHoSo, maTTHC, maDonVi, ngayTiepNhan, hanTra, before);
            } else {
                return insert(c, maHoSo, maTTHC, maDonVi, ngayTiepNhan, hanTra);
            }
        });
    }

    private Meta insert(String maHoSo, String maTTHC, String maDonVi, String ngayTiepNhan, String hanTra) {
        return db.inTransaction(c -> insert(c, maHoSo, maTTHC, maDonVi, ngayTiepNhan, hanTra));
    }

    private Meta insert(java.sql.Connection c, String maHoSo, String maTTHC, String maDonVi, String ngayTiepNhan,
                        String hanTra) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO civil_dossier_meta (ma_ho_so, ma_tthc, ma_don_vi,"
                + " ngay_tiep_nhan, han_tra, han_tra_truoc, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, maHoSo);
            ps.setString(2, maTTHC);
            ps.setString(3, maDonVi);
            ps.setString(4, ngayTiepNhan);
            ps.setString(5, hanTra);
            ps.setString(6, hanTra);
            ps.setTimestamp(7, Timestamp.from(db.now()));
            ps.executeUpdate();
        }
        return new Meta(maHoSo, maTTHC, maDonVi, ngayTiepNhan, hanTra, hanTra);
    }

    public Optional<Meta> find(String maHoSo) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT ma_ho_so, ma_tthc, ma_don_vi, ngay_tiep_nhan, han_tra,"
                    + " han_tra_truoc FROM civil_dossier_meta WHERE ma_ho_so = ?")) {
                ps.setString(1, maHoSo);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Meta(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6))) : Optional.<Meta>empty();
                }
            }
        });
    }
}
