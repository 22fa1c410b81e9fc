package vn.lienthong.gateway.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.Optional;

/** Dossiers taken from DVCLT's list, by DVCLT id: LISTED, then ENQUEUED (durably on our queue), then ACKED. */
public class DvcltIntakeLog {

    public static final String LISTED = "LISTED";
    public static final String ENQUEUED = "ENQUEUED";
    public static final String ACKED = "ACKED";

    public record Entry(String dvcltId, String maHoSo, String contentSha, String state, int timesListed) {
    }

    private final Ledger db;

    public DvcltIntakeLog(Ledger ledger) {
        this.db = ledger;
    }

    /** Records that DVCLT listed the id (again) and returns the entry as it is now. */
    public Entry listed(String dvcltId, String maHoSo) {
        try {
            return listedOnce(dvcltId, maHoSo);
        } catch (LedgerException e) {
            if (!Sql.isUniqueViolation(e.getCause())) {
                throw e;
            }
            return listedOnce(dvcltId, maHoSo);
        }
    }

    private Entry listedOnce(String dvcltId, String maHoSo) {
        db.inTransaction(c -> {
            Timestamp now = Timestamp.from(db.now());
            int updated;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE dvclt_intake SET times_listed = times_listed + 1, updated_at = ? WHERE dvclt_id = ?")) {
                ps.setTimestamp(1, now);
                ps.setString(2, dvcltId);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO dvclt_intake (dvclt_id, ma_ho_so, state,"
                        + " times_listed, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)")) {
                    ps.setString(1, dvcltId);
                    ps.setString(2, maHoSo);
                    ps.setString(3, LISTED);
                    ps.setTimestamp(4, now);
                    ps.setTimestamp(5, now);
                    ps.executeUpdate();
                }
            }
            return null;
        });
        return find(dvcltId).orElseThrow();
    }

    public Optional<Entry> find(String dvcltId) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT dvclt_id, ma_ho_so, content_sha, state, times_listed FROM dvclt_intake WHERE dvclt_id = ?")) {
                ps.setString(1, dvcltId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Entry(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getInt(5))) : Optional.<Entry>empty();
                }
            }
        });
    }

    public void enqueued(String dvcltId, String maHoSo, String contentSha) {
        set(dvcltId, ENQUEUED, maHoSo, contentSha);
    }

    public void acked(String dvcltId) {
        set(dvcltId, ACKED, null, null);
    }

    private void set(String dvcltId, String state, String maHoSo, String contentSha) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE dvclt_intake SET state = ?,"
                    + " ma_ho_so = COALESCE(?, ma_ho_so), content_sha = COALESCE(?, content_sha), updated_at = ?"
                    + " WHERE dvclt_id = ?")) {
                ps.setString(1, state);
                ps.setString(2, maHoSo);
                ps.setString(3, contentSha);
                ps.setTimestamp(4, Timestamp.from(db.now()));
                ps.setString(5, dvcltId);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
