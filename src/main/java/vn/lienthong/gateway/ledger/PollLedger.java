package vn.lienthong.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

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

    /** Dossiers of a flow in the given states that were pushed (module known), oldest poll first. */
    public List<Pollable> pollable(String flow, Collection<String> states, int limit) {
        if (states.isEmpty()) {
            return List.of();
        }
        String marks = String.join(",", states.stream().map(s -> "?").toList());
        return db.inTransaction(c -> {
            List<Pollable> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT d.ma_ho_so, d.ma_tinh, d.module_pushed, d.content_version,"
                    + " d.state FROM dossier d LEFT JOIN pmht_poll p ON p.ma_ho_so = d.ma_ho_so"
                    + " WHERE d.flow = ? AND d.module_pushed IS NOT NULL AND d.state IN (" + marks + ")"
                    + " ORDER BY p.last_polled_at NULLS FIRST, d.ma_ho_so")) {
                int i = 1;
                ps.setString(i++, flow);
                for (String s : states) {
                    ps.setString(i++, s);
                }
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Pollable(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5)));
                    }
                }
            }
            return out;
        });
    }

    public Optional<Mark> mark(String maHoSo) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT last_seen, unknown_polls, flagged_unknown FROM pmht_poll WHERE ma_ho_so = ?")) {
                ps.setString(1, maHoSo);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Mark(rs.getString(1), rs.getInt(2), rs.getInt(3) != 0))
                            : Optional.<Mark>empty();
                }
            }
        });
    }

    /** PMHT answered about the dossier: remember what, and forget earlier "unknown" answers. */
    public void seen(String maHoSo, String lastSeen) {
        db.inTransaction(c -> {
            ensure(c, maHoSo);
            try (PreparedStatement ps = c.prepareStatement("UPDATE pmht_poll SET last_seen = ?, unknown_polls = 0,"
                    + " flagged_unknown = 0, polls = polls + 1, last_polled_at = ? WHERE ma_ho_so = ?")) {
                ps.setString(1, lastSeen);
                ps.setTimestamp(2, Timestamp.from(db.now()));
                ps.setString(3, maHoSo);
                ps.executeUpdate();
            }
            return null;
        });
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
