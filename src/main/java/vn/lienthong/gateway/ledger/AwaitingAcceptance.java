package vn.lienthong.gateway.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.Optional;

/** Valid dossiers waiting for the one-stop-shop officer's decision; the push body is in the file store. */
public class AwaitingAcceptance {

    public record Waiting(String maHoSo, String contentVersion, String modulePushed, String bodySha) {
    }

    private final Ledger db;

    public AwaitingAcceptance(Ledger ledger) {
        this.db = ledger;
    }

    /** Keeps the latest version that waits (a newer version replaces an older one). */
    public void put(Waiting w) {
        db.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM awaiting_acceptance WHERE ma_ho_so = ?")) {
                del.setString(1, w.maHoSo());
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO awaiting_acceptance (ma_ho_so, content_version,"
                    + " module_pushed, body_sha, created_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, w.maHoSo());
                ps.setString(2, w.contentVersion());
                ps.setString(3, w.modulePushed());
                ps.setString(4, w.bodySha());
                ps.setTimestamp(5, Timestamp.from(db.now()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Waiting> find(String maHoSo) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT ma_ho_so, content_version, module_pushed, body_sha FROM awaiting_acceptance WHERE ma_ho_so = ?")) {
                ps.setString(1, maHoSo);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Waiting(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4))) : Optional.<Waiting>empty();
                }
            }
        });
    }

    public void remove(String maHoSo) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM awaiting_acceptance WHERE ma_ho_so = ?")) {
                ps.setString(1, maHoSo);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
