package vn.lienthong.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import vn.lienthong.gateway.security.PayloadCipher;

/**
 * The dossier ledger: one row per dossier with its current state, and an append-only trail of steps.
 * Each call is one short database transaction; the trail carries codes and reasons, never personal data.
 */
public class Ledger {

    private static final int MAX_REASON = 4000;
    /** Bound to the dossier and the version (the row's natural key: the id is not known before the insert). */
    private static final PayloadCipher.Column PAYLOAD = PayloadCipher.Column.of("dossier_payload", "payload");

    private final DataSource dataSource;
    private final Clock clock;
    private final PayloadCipher cipher;

    /**
     * With a key that lives in memory only (tests, tools): use the three-argument form in the gateway. Clear values
     * stored before encryption are read while the data-at-rest migration is pending.
     */
    public Ledger(DataSource dataSource, Clock clock) {
        this(dataSource, clock, PayloadCipher.ephemeral().acceptingUnboundWhile(DataAtRestMigration.pending(dataSource)));
    }

    /** {@code cipher} encrypts what is stored of dossiers' contents (payload versions, result facts, status bodies). */
    public Ledger(DataSource dataSource, Clock clock, PayloadCipher cipher) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.cipher = cipher;
    }

    /** One step of a dossier's trail: the state it led to, the step's name and why. */
    public record Step(DossierState state, String step, String reason) {
    }

    /** Creates or updates the dossier row with the known facts and state, and appends one trail event. */
    public void record(DossierFacts facts, DossierState state, String step, String reason) {
        record(facts, List.of(new Step(state, step, reason)));
    }

    /**
     * Creates or updates the dossier row once, with the last step's state, and appends one trail event per step:
     * steps taken together (received, then accepted) cost one write of the row and its indexes (BENCHMARKS.md).
     */
    public void record(DossierFacts facts, List<Step> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("steps: at least one step is needed");
        }
        try {
            upsert(facts, steps);
        } catch (LedgerException e) {
            // two consumers inserted the same new dossier at once: the loser's retry finds the row and updates it
            if (!(e.getCause() instanceof SQLException sql) || sql.getSQLState() == null || !sql.getSQLState().startsWith("23")) {
                throw e;
            }
            upsert(facts, steps);
        }
    }

    private void upsert(DossierFacts facts, List<Step> steps) {
        Step last = steps.get(steps.size() - 1);
        DossierState state = last.state();
        String reason = last.reason();
        inTransaction(c -> {
            Timestamp now = Timestamp.from(clock.instant());
            int updated;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE dossier SET flow = ?, module_in = COALESCE(?, module_in), module_pushed = COALESCE(?, module_pushed),"
                            + " ma_tinh = COALESCE(?, ma_tinh), ma_don_vi = COALESCE(?, ma_don_vi),"
                            + " content_version = COALESCE(?, content_version), state = ?, last_reason = ?, updated_at = ?"
                            + " WHERE ma_ho_so = ?")) {
                ps.setString(1, facts.flow());
                ps.setString(2, facts.moduleIn());
                ps.setString(3, facts.modulePushed());
                ps.setString(4, facts.maTinh());
                ps.setString(5, facts.maDonVi());
                ps.setString(6, facts.contentVersion());
                ps.setString(7, state.name());
                ps.setString(8, clip(reason));
                ps.setTimestamp(9, now);
                ps.setString(10, facts.maHoSo());
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                insertRow(c, facts, state, reason, now);
            }
            for (Step s : steps) {
                insertEvent(c, facts.maHoSo(), now, s.step(), s.state().name(), s.reason());
            }
            return null;
        });
    }

    /**
     * {@link #record(DossierFacts, List)} for a dossier the caller has just looked up and not found: the row is
     * inserted without trying an update first (one look-up less); if it was inserted meanwhile (a concurrent consumer),
     * the steps are recorded on it as {@link #record} does.
     */
    public void recordNew(DossierFacts facts, List<Step> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("steps: at least one step is needed");
        }
        Step last = steps.get(steps.size() - 1);
        try {
            inTransaction(c -> {
                Timestamp now = Timestamp.from(clock.instant());
                insertRow(c, facts, last.state(), last.reason(), now);
                for (Step s : steps) {
                    insertEvent(c, facts.maHoSo(), now, s.step(), s.state().name(), s.reason());
                }
                return null;
            });
        } catch (LedgerException e) {
            if (!Sql.isUniqueViolation(e.getCause())) {
                throw e;
            }
            record(facts, steps);
        }
    }

    private static void insertRow(Connection c, DossierFacts facts, DossierState state, String reason, Timestamp now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO dossier (ma_ho_so, flow, module_in, module_pushed, ma_tinh, ma_don_vi, content_version,"
                        + " state, attempts, last_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)")) {
            ps.setString(1, facts.maHoSo());
            ps.setString(2, facts.flow());
            ps.setString(3, facts.moduleIn());
            ps.setString(4, facts.modulePushed());
            ps.setString(5, facts.maTinh());
            ps.setString(6, facts.maDonVi());
            ps.setString(7, facts.contentVersion());
            ps.setString(8, state.name());
            ps.setString(9, clip(reason));
            ps.setTimestamp(10, now);
            ps.setTimestamp(11, now);
            ps.executeUpdate();
        }
    }

    /** Moves an existing dossier to a new state and appends the event. */
    public void transition(String maHoSo, DossierState state, String step, String reason) {
        transition(maHoSo, state, step, reason, 0);
    }

    /**
     * As {@link #transition(String, DossierState, String, String)}, counting {@code attempts} more requests to the
     * upstream in the same row write (a push's attempt is recorded with its answer: one write instead of two).
     */
    public void transition(String maHoSo, DossierState state, String step, String reason, int attempts) {
        inTransaction(c -> {
            Timestamp now = Timestamp.from(clock.instant());
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE dossier SET state = ?, last_reason = ?, updated_at = ?, attempts = attempts + ? WHERE ma_ho_so = ?")) {
                ps.setString(1, state.name());
                ps.setString(2, clip(reason));
                ps.setTimestamp(3, now);
                ps.setInt(4, attempts);
                ps.setString(5, maHoSo);
                ps.executeUpdate();
            }
            insertEvent(c, maHoSo, now, step, state.name(), reason);
            return null;
        });
    }

    /** Appends a trail event without changing the state (retries, duplicates, operator notes). */
    public void event(String maHoSo, String step, String outcome, String reason) {
        inTransaction(c -> {
            insertEvent(c, maHoSo, Timestamp.from(clock.instant()), step, outcome, reason);
            return null;
        });
    }

    public void incrementAttempts(String maHoSo) {
        incrementAttempts(maHoSo, 1);
    }

    public void incrementAttempts(String maHoSo, int attempts) {
        if (attempts == 0) {
            return; // no request left (e.g. an open circuit): no write
        }
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE dossier SET attempts = attempts + ? WHERE ma_ho_so = ?")) {
                ps.setInt(1, attempts);
                ps.setString(2, maHoSo);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Optional<DossierView> find(String maHoSo) {
        return find(maHoSo, true);
    }

    /** The dossier row alone (its trail empty): what a step needs to decide, without reading the whole trail. */
    public Optional<DossierView> findWithoutTrail(String maHoSo) {
        return find(maHoSo, false);
    }

    private Optional<DossierView> find(String maHoSo, boolean withTrail) {
        return inTransaction(c -> {
            DossierView view;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT ma_ho_so, flow, module_in, module_pushed, ma_tinh, ma_don_vi, state, content_version, attempts,"
                            + " last_reason, created_at, updated_at FROM dossier WHERE ma_ho_so = ?")) {
                ps.setString(1, maHoSo);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<DossierView>empty();
                    }
                    view = new DossierView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9),
                            rs.getString(10), rs.getTimestamp(11).toInstant(), rs.getTimestamp(12).toInstant(), List.of());
                }
            }
            if (!withTrail) {
                return Optional.of(view);
            }
            List<DossierView.Event> trail = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, occurred_at, step, outcome, reason FROM dossier_event WHERE ma_ho_so = ? ORDER BY id")) {
                ps.setString(1, maHoSo);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        trail.add(new DossierView.Event(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                                rs.getString(4), rs.getString(5)));
                    }
                }
            }
            List<OutboxTrail.Update> updates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT trang_thai, created_at, sent_at, state"
                    + " FROM status_update WHERE ma_ho_so = ? ORDER BY seq")) {
                ps.setString(1, maHoSo);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Timestamp sent = rs.getTimestamp(3);
                        boolean delivered = sent != null && StatusOutbox.SENT.equals(rs.getString(4));
                        updates.add(new OutboxTrail.Update(rs.getInt(1), rs.getTimestamp(2).toInstant(),
                                delivered ? sent.toInstant() : null));
                    }
                }
            }
            return Optional.of(new DossierView(view.maHoSo(), view.flow(), view.moduleIn(), view.modulePushed(),
                    view.maTinh(), view.maDonVi(), view.state(), view.contentVersion(), view.attempts(),
                    view.lastReason(), view.createdAt(), view.updatedAt(), List.copyOf(OutboxTrail.merge(trail, updates))));
        });
    }

    public Optional<DossierState> stateOf(String maHoSo) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state FROM dossier WHERE ma_ho_so = ?")) {
                ps.setString(1, maHoSo);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(DossierState.valueOf(rs.getString(1))) : Optional.<DossierState>empty();
                }
            }
        });
    }

    /** Dossier counts by state for one flow (metrics, console). */
    public Map<String, Long> countByState(String flow) {
        return inTransaction(c -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT state, COUNT(*) FROM dossier WHERE flow = ? GROUP BY state ORDER BY state")) {
                ps.setString(1, flow);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return counts;
        });
    }

    /** The flows that have dossiers in the ledger (console overview). */
    public List<String> flows() {
        return inTransaction(c -> {
            List<String> flows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT flow FROM dossier ORDER BY flow");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    flows.add(rs.getString(1));
                }
            }
            return flows;
        });
    }

    /** Keeps a received version of a dossier once (the first receipt of a version wins). */
    public void recordPayload(String maHoSo, String contentVersion, String payload) {
        try {
            inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO dossier_payload (ma_ho_so, content_version, received_at, payload) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, maHoSo);
                    ps.setString(2, contentVersion);
                    ps.setTimestamp(3, Timestamp.from(clock.instant()));
                    ps.setString(4, cipher.encryptText(payload, PAYLOAD, maHoSo, contentVersion));
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (LedgerException e) {
            // the version is already kept (redelivery, duplicate submission)
            if (!(e.getCause() instanceof SQLException sql) || sql.getSQLState() == null || !sql.getSQLState().startsWith("23")) {
                throw e;
            }
        }
    }

    /** A received version of a dossier, oldest first. */
    public record Payload(String contentVersion, Instant receivedAt, String payload) {
    }

    public List<Payload> payloads(String maHoSo) {
        return inTransaction(c -> {
            List<Payload> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT content_version, received_at, payload FROM dossier_payload WHERE ma_ho_so = ? ORDER BY id")) {
                ps.setString(1, maHoSo);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String version = rs.getString(1);
                        out.add(new Payload(version, rs.getTimestamp(2).toInstant(),
                                cipher.decryptText(rs.getString(3), PAYLOAD, maHoSo, version)));
                    }
                }
            }
            return out;
        });
    }

    /** One operator action on a queued message (replay, discard). */
    public record AuditEntry(long id, Instant at, String operator, String action, String queue, String messageId,
                             String maHoSo, String target, String reason) {
    }

    public void audit(String operator, String action, String queue, String messageId, String maHoSo, String target,
                      String reason) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ops_audit (occurred_at, operator, action, queue_name, message_id, ma_ho_so, target, reason)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setTimestamp(1, Timestamp.from(clock.instant()));
                ps.setString(2, operator);
                ps.setString(3, action);
                ps.setString(4, queue);
                ps.setString(5, messageId);
                ps.setString(6, maHoSo);
                ps.setString(7, target);
                ps.setString(8, clip(reason));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The latest operator actions, newest first. */
    public List<AuditEntry> auditLog(int limit) {
        return inTransaction(c -> {
            List<AuditEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, occurred_at, operator, action, queue_name, message_id, ma_ho_so, target, reason"
                            + " FROM ops_audit ORDER BY id DESC")) {
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AuditEntry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                                rs.getString(9)));
                    }
                }
            }
            return out;
        });
    }

    private void insertEvent(Connection c, String maHoSo, Timestamp at, String step, String outcome, String reason)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO dossier_event (ma_ho_so, occurred_at, step, outcome, reason) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, maHoSo);
            ps.setTimestamp(2, at);
            ps.setString(3, step);
            ps.setString(4, outcome);
            ps.setString(5, clip(reason));
            ps.executeUpdate();
        }
    }

    private static String clip(String reason) {
        return reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 3) + "...";
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Makes the ledger, outbox and other store calls of {@code work} one database transaction (fewer commits per
     * dossier, and a step's records are written together or not at all); see {@link Transactions#atomically}.
     */
    public <T> T atomically(java.util.function.Supplier<T> work) {
        return Transactions.atomically(dataSource, work,
                e -> new LedgerException("ledger database error: " + e.getMessage(), e));
    }

    <T> T inTransaction(SqlWork<T> work) {
        return Transactions.inTransaction(dataSource, work::run,
                e -> new LedgerException("ledger database error: " + e.getMessage(), e));
    }

    Instant now() {
        return clock.instant();
    }

    /** The cipher of the stores sharing this ledger's database. */
    public PayloadCipher cipher() {
        return cipher;
    }
}
