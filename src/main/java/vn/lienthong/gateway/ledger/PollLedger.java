package vn.lienthong.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Which dossiers the PMHT poller asks about, and what it last saw of each. */
public class PollLedger {

    /** A dossier to poll, with the module it was pushed with (the only one PMHT answers to). */
    public record Pollable(String maHoSo, String maTinh, String modulePushed, String contentVersion, String state) {
    }

    /** The poller's memory of a dossier. */
    public record Mark(String lastSeen, int unknownPolls, boolean flaggedUnknown) {
    }

    private final Ledger db;

    public PollLedger(Ledger ledger) {
        this.db = ledger;
    }

    /**
     * Up to {@code limit} dossiers of a flow in the given states that were pushed (module known), in maHoSo order
     * after {@code after} and then from the start again: a walk that reaches every such dossier once per round, each
     * run reading only the index range it returns (ix_dossier_state is (flow, state, ma_ho_so)).
     */
    public List<Pollable> pollable(String flow, Collection<String> states, String after, int limit) {
        if (states.isEmpty() || limit <= 0) {
            return List.of();
        }
        return db.inTransaction(c -> {
            List<Pollable> out = range(c, flow, states, "ma_ho_so > ?", after, limit);
            if (out.size() < limit && !after.isEmpty()) {
                out.addAll(range(c, flow, states, "ma_ho_so <= ?", after, limit - out.size()));
            }
            return out;
        });
    }

    private static List<Pollable> range(Connection c, String flow, Collection<String> states, String bound, String after,
                                        int limit) throws SQLException {
        // one index range per state (an IN list over the state would read each state's rows from its start), merged
        // and cut by the database: its order (collation) is the one "ma_ho_so > ?" walks by, which Java's need not be
        String branch = "(SELECT ma_ho_so, ma_tinh, module_pushed, content_version, state FROM dossier"
                + " WHERE flow = ? AND state = ? AND " + bound + " AND module_pushed IS NOT NULL"
                + " ORDER BY flow, state, ma_ho_so LIMIT ?)";
        String sql = "SELECT ma_ho_so, ma_tinh, module_pushed, content_version, state FROM ("
                + String.join(" UNION ALL ", Collections.nCopies(states.size(), branch))
                + ") AS due ORDER BY ma_ho_so LIMIT ?";
        List<Pollable> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (String state : states) {
                ps.setString(i++, flow);
                ps.setString(i++, state);
                ps.setString(i++, after);
                ps.setInt(i++, limit);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Pollable(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)));
                }
            }
        }
        return out;
    }

    /** Where the walk called {@code name} stopped: the last maHoSo its last completed run asked about ("" at first). */
    public String cursor(String name) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT after_code FROM poll_cursor WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : "";
                }
            }
        });
    }

    public void moveCursor(String name, String after) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE poll_cursor SET after_code = ?, updated_at = ? WHERE name = ?")) {
                ps.setString(1, after);
                ps.setTimestamp(2, Timestamp.from(db.now()));
                ps.setString(3, name);
                if (ps.executeUpdate() > 0) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO poll_cursor (name, after_code, updated_at) VALUES (?, ?, ?)")) {
                ps.setString(1, name);
                ps.setString(2, after);
                ps.setTimestamp(3, Timestamp.from(db.now()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The poll rows of the given dossiers (one query's), by maHoSo; a dossier never answered about has none. */
    public Map<String, Mark> marks(Collection<String> codes) {
        if (codes.isEmpty()) {
            return Map.of();
        }
        return db.inTransaction(c -> {
            Map<String, Mark> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT ma_ho_so, last_seen, unknown_polls, flagged_unknown"
                    + " FROM pmht_poll WHERE ma_ho_so IN (" + String.join(", ", Collections.nCopies(codes.size(), "?"))
                    + ")")) {
                int i = 1;
                for (String code : codes) {
                    ps.setString(i++, code);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), new Mark(rs.getString(2), rs.getInt(3), rs.getInt(4) != 0));
                    }
                }
            }
            return out;
        });
    }

    /**
     * PMHT answered about the dossier: remember what, and forget earlier "unknown" answers; {@code before}: the
     * dossier's poll row as the caller read it ({@link #marks}), null when it had none. The row is written only if it
     * is still as read (an insert where there was none): false when another poll run wrote it in between (the Quartz
     * run and an operator's "run now", or two nodes), which has then applied this answer itself.
     */
    public boolean seen(String maHoSo, String lastSeen, Mark before) {
        try {
            return db.inTransaction(c -> {
                String sql = before != null
                        ? "UPDATE pmht_poll SET last_seen = ?, unknown_polls = 0, flagged_unknown = 0, polls = polls + 1,"
                        + " last_polled_at = ? WHERE ma_ho_so = ? AND "
                        + (before.lastSeen() == null ? "last_seen IS NULL" : "last_seen = ?")
                        : "INSERT INTO pmht_poll (last_seen, unknown_polls, flagged_unknown, polls, last_polled_at, ma_ho_so)"
                        + " VALUES (?, 0, 0, 1, ?, ?)";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, lastSeen);
                    ps.setTimestamp(2, Timestamp.from(db.now()));
                    ps.setString(3, maHoSo);
                    if (before != null && before.lastSeen() != null) {
                        ps.setString(4, before.lastSeen());
                    }
                    return ps.executeUpdate() > 0;
                }
            });
        } catch (LedgerException e) {
            // the row another run inserted first (its own savepoint rolled back, Transactions)
            if (!Sql.isUniqueViolation(e.getCause())) {
                throw e;
            }
            return false;
        }
    }

    /** PMHT did not know the dossier this time; returns how many polls in a row it has not. */
    public int unknown(String maHoSo) {
        return db.inTransaction(c -> {
            ensure(c, maHoSo);
            try (PreparedStatement ps = c.prepareStatement("UPDATE pmht_poll SET unknown_polls = unknown_polls + 1,"
                    + " polls = polls + 1, last_polled_at = ? WHERE ma_ho_so = ?")) {
                ps.setTimestamp(1, Timestamp.from(db.now()));
                ps.setString(2, maHoSo);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT unknown_polls FROM pmht_poll WHERE ma_ho_so = ?")) {
                ps.setString(1, maHoSo);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    public void flagUnknown(String maHoSo) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE pmht_poll SET flagged_unknown = 1 WHERE ma_ho_so = ?")) {
                ps.setString(1, maHoSo);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static void ensure(Connection c, String maHoSo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pmht_poll WHERE ma_ho_so = ?")) {
            ps.setString(1, maHoSo);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO pmht_poll (ma_ho_so, unknown_polls, flagged_unknown, polls) VALUES (?, 0, 0, 0)")) {
            ps.setString(1, maHoSo);
            ps.executeUpdate();
        }
    }
}
