package vn.lienthong.gateway.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * Exactly-once effect of an upstream push: a (maHoSo, contentVersion) pair is claimed by one message before
 * the call and marked done right after it. The primary key arbitrates between concurrent consumers and nodes.
 * States: PENDING (claimed, nothing sent), SENDING (a request went out at updated_at and its answer was never
 * recorded: the node died, or the call timed out), DONE.
 */
public class DispatchClaims {

    public enum Claim { PROCEED, ALREADY_DONE, IN_PROGRESS_ELSEWHERE }

    private final Ledger db;

    public DispatchClaims(Ledger ledger) {
        this.db = ledger;
    }

    public Claim claim(String maHoSo, String version, String messageId) {
        return claimed(maHoSo, version, messageId).claim();
    }

    /** A claim, and whether this call created it (then no earlier request of it can be in doubt). */
    public record Claimed(Claim claim, boolean created) {
    }

    /** {@link #claim}, saying whether the claim row was created now or found (a redelivery, a duplicate). */
    public Claimed claimed(String maHoSo, String version, String messageId) {
        Claim fresh = db.inTransaction(c -> {
            Timestamp now = Timestamp.from(db.now());
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO dispatch_claim (ma_ho_so, content_version, state, owner_message_id, created_at, updated_at)"
                            + " VALUES (?, ?, 'PENDING', ?, ?, ?)")) {
                ps.setString(1, maHoSo);
                ps.setString(2, version);
                ps.setString(3, messageId);
                ps.setTimestamp(4, now);
                ps.setTimestamp(5, now);
                ps.executeUpdate();
                return Claim.PROCEED;
            } catch (SQLException e) {
                if (!isUniqueViolation(e)) {
                    throw e;
                }
            }
            return null;
        });
        return fresh != null ? new Claimed(fresh, true) : new Claimed(existing(maHoSo, version, messageId), false);
    }

    private Claim existing(String maHoSo, String version, String messageId) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT state, owner_message_id FROM dispatch_claim WHERE ma_ho_so = ? AND content_version = ?")) {
                ps.setString(1, maHoSo);
                ps.setString(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        // released between our insert and this read (dead-lettered): let the caller retry
                        throw new SQLException("claim vanished, retry", "40001");
                    }
                    if ("DONE".equals(rs.getString(1))) {
                        return Claim.ALREADY_DONE;
                    }
                    // a redelivery of the same message keeps its claim; another message is a duplicate in flight
                    return messageId != null && messageId.equals(rs.getString(2)) ? Claim.PROCEED : Claim.IN_PROGRESS_ELSEWHERE;
                }
            }
        });
    }

    /** A request is about to leave: until its answer is recorded the push is in doubt (see {@link #inDoubtSince}). */
    public void sending(String maHoSo, String version) {
        setState(maHoSo, version, "SENDING", "DONE");
    }

    /** The request was answered without a result (e.g. HTTP 503) or never connected: nothing is in doubt. */
    public void notSent(String maHoSo, String version) {
        setState(maHoSo, version, "PENDING", "DONE");
    }

    /** When an earlier request of this claim left without its answer being recorded; empty when none did. */
    public Optional<Instant> inDoubtSince(String maHoSo, String version) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT updated_at FROM dispatch_claim"
                    + " WHERE ma_ho_so = ? AND content_version = ? AND state = 'SENDING'")) {
                ps.setString(1, maHoSo);
                ps.setString(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.<Instant>empty();
                }
            }
        });
    }

    /** True when another content version of the dossier was pushed (PMHT's status then cannot tell versions apart). */
    public boolean otherVersionDone(String maHoSo, String version) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM dispatch_claim"
                    + " WHERE ma_ho_so = ? AND content_version <> ? AND state = 'DONE'")) {
                ps.setString(1, maHoSo);
                ps.setString(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Sets the state of a claim that is not {@code notIn} (a DONE claim stays done). */
    private void setState(String maHoSo, String version, String state, String notIn) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE dispatch_claim SET state = ?, updated_at = ?"
                    + " WHERE ma_ho_so = ? AND content_version = ? AND state <> ?")) {
                ps.setString(1, state);
                ps.setTimestamp(2, Timestamp.from(db.now()));
                ps.setString(3, maHoSo);
                ps.setString(4, version);
                ps.setString(5, notIn);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public void markDone(String maHoSo, String version) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE dispatch_claim SET state = 'DONE', updated_at = ? WHERE ma_ho_so = ? AND content_version = ?")) {
                ps.setTimestamp(1, Timestamp.from(db.now()));
                ps.setString(2, maHoSo);
                ps.setString(3, version);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Gives the claim up (the message was dead-lettered) so that an operator's replay can push it. */
    public void release(String maHoSo, String version) {
        deleteUnfinished("ma_ho_so = ? AND content_version = ?", maHoSo, version);
    }

    /** Gives up the claims a message holds that were not pushed (the message was dead-lettered before its push). */
    public void releaseOwnedBy(String messageId) {
        deleteUnfinished("owner_message_id = ?", messageId);
    }

    /** Deletes the claims matching {@code where} that were not done (PENDING or SENDING). */
    private void deleteUnfinished(String where, String... values) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM dispatch_claim WHERE " + where + " AND state IN ('PENDING', 'SENDING')")) {
                for (int i = 0; i < values.length; i++) {
                    ps.setString(i + 1, values[i]);
                }
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState()) || (e.getSQLState() != null && e.getSQLState().startsWith("23"));
    }
}
