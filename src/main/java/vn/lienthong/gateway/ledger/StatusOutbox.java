package vn.lienthong.gateway.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import vn.lienthong.gateway.security.PayloadCipher;

/**
 * Outbox of DVCLT status updates. Each update gets the next sequence number of its dossier and a dedup key, so
 * an update exists once however often its cause is redelivered or polled, and a dossier's updates are sent in
 * sequence order by whoever drains them.
 */
public class StatusOutbox {

    public static final String PENDING = "PENDING";
    public static final String SENT = "SENT";
    public static final String REFUSED = "REFUSED";

    /** One update waiting to be sent. */
    public record Update(String maHoSo, int seq, int trangThai, String body, String resultSha,
                         String resultField, int attempts) {
    }

    /** Bound to the dossier and the update's sequence number (the row's key). */
    private static final PayloadCipher.Column BODY = PayloadCipher.Column.of("status_update_body", "body");

    private final Ledger db;

    public StatusOutbox(Ledger ledger) {
        this.db = ledger;
    }

    /** An update to queue ({@link #addAll}): its code, dedup key, body and the result file it carries, if any. */
    public record NewUpdate(int trangThai, String dedupKey, String body, String resultSha, String resultField) {
    }

    /** Queues one update; false when the dossier has an update with this dedup key already (see {@link #addAll}). */
    public boolean add(String maHoSo, int trangThai, String dedupKey, String body, String resultSha, String resultField) {
        return addAll(maHoSo, List.of(new NewUpdate(trangThai, dedupKey, body, resultSha, resultField))).get(0);
    }

    /**
     * Queues updates of one dossier in this order; for each, false when the dossier has an update with its dedup key
     * already (nothing queued for it). The dedup key starts with the dossier's code, so the dossier's few rows are the
     * whole check, read with the sequence number in one statement for all the updates (intake queues 1 and 3
     * together, BENCHMARKS.md); no index of its own (each index costs every write of the row). Two writers of one
     * dossier at once read the same last sequence number: the second insert violates the key (ma_ho_so, seq) and is
     * tried again, and then sees the first writer's rows (their dedup keys, or their sequence numbers).
     */
    public List<Boolean> addAll(String maHoSo, List<NewUpdate> updates) {
        for (int attempt = 0; ; attempt++) {
            try {
                return db.inTransaction(c -> {
                    int seq = 0;
                    java.util.Set<String> keys = new java.util.HashSet<>();
                    try (PreparedStatement ps = c.prepareStatement(
                            "SELECT seq, dedup_key FROM status_update WHERE ma_ho_so = ?")) {
                        ps.setString(1, maHoSo);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                keys.add(rs.getString(2));
                                seq = Math.max(seq, rs.getInt(1));
                            }
                        }
                    }
                    List<Boolean> queued = new ArrayList<>(updates.size());
                    for (NewUpdate u : updates) {
                        if (!keys.add(u.dedupKey())) {
                            queued.add(false);
                            continue;
                        }
                        insert(c, maHoSo, ++seq, u);
                        queued.add(true);
                    }
                    return queued;
                });
            } catch (LedgerException e) {
                // a concurrent writer took the same seq (the failed insert was undone: its own transaction, or its
                // savepoint inside the caller's): read again
                if (!Sql.isUniqueViolation(e.getCause()) || attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    private void insert(java.sql.Connection c, String maHoSo, int seq, NewUpdate u) throws java.sql.SQLException {
        Timestamp now = Timestamp.from(db.now());
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO status_update (ma_ho_so, seq, trang_thai, dedup_key, result_sha, result_field,"
                        + " state, attempts, created_at, triggered_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)")) {
            ps.setString(1, maHoSo);
            ps.setInt(2, seq);
            ps.setInt(3, u.trangThai());
            ps.setString(4, u.dedupKey());
            ps.setString(5, u.resultSha());
            ps.setString(6, u.resultField());
            ps.setString(7, PENDING);
            ps.setTimestamp(8, now);
            ps.setTimestamp(9, now);
            ps.executeUpdate();
        }
        // the body in its own row, written once: claims and marks rewrite only the narrow row above
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO status_update_body (ma_ho_so, seq, body) VALUES (?, ?, ?)")) {
            ps.setString(1, maHoSo);
            ps.setInt(2, seq);
            // may carry the registration's ID number
            ps.setString(3, db.cipher().encryptText(u.body(), BODY, maHoSo, Integer.toString(seq)));
            ps.executeUpdate();
        }
    }

    /** The dossier's lowest-sequence update not sent yet. */
    public Optional<Update> nextPending(String maHoSo) {
        return db.inTransaction(c -> lowestPending(c, maHoSo).map(this::decrypted));
    }

    /** The dossier's lowest-sequence pending row, its body as stored (encrypted). */
    private static Optional<Update> lowestPending(java.sql.Connection c, String maHoSo) throws java.sql.SQLException {
        List<Update> rows = pending(c, maHoSo, 1);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Up to {@code limit} of the dossier's pending rows, lowest sequence first, bodies as stored (encrypted). */
    private static List<Update> pending(java.sql.Connection c, String maHoSo, int limit) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT u.ma_ho_so, u.seq, u.trang_thai, b.body, u.result_sha, u.result_field, u.attempts"
                        + " FROM status_update u JOIN status_update_body b ON b.ma_ho_so = u.ma_ho_so AND b.seq = u.seq"
                        + " WHERE u.ma_ho_so = ? AND u.state = ? ORDER BY u.seq")) {
            ps.setString(1, maHoSo);
            ps.setString(2, PENDING);
            ps.setMaxRows(limit);
            List<Update> rows = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Update(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getInt(7)));
                }
            }
            return rows;
        }
    }

    private Update decrypted(Update u) {
        return new Update(u.maHoSo(), u.seq(), u.trangThai(), db.cipher().decryptText(u.body(), BODY, u.maHoSo(),
                Integer.toString(u.seq())),
                u.resultSha(), u.resultField(), u.attempts());
    }

    /**
     * Claims the dossier's lowest-sequence pending update for {@code claimant} until now + {@code lease}, in one short
     * transaction. Empty when nothing is pending, or when another claimant holds a claim that has not expired on that
     * update (it is being sent right now, or its sender died less than a lease ago): the caller must not send. The
     * conditional UPDATE is atomic, so of two nodes claiming the same row at once exactly one gets it; and as only the
     * lowest pending row can be claimed, update n+1 is never sent before update n was acknowledged.
     */
    public Optional<Update> claimNext(String maHoSo, String claimant, java.time.Duration lease) {
        return claim(maHoSo, claimant, lease).update();
    }

    /**
     * What {@link #claim} found: the claimed update; or none, with {@code busy} true when the dossier's lowest
     * pending update is held by another claimant (the caller tries again after the lease), false when nothing is
     * pending. {@code behind}: the dossier's pending rows behind the claimed one as the claim read them (bodies as
     * stored), so that {@link #markSentAndClaimNext} claims the next without reading them again; {@code readAll}
     * false when the read stopped at {@link #PASS_READ} rows and more may be pending.
     */
    public record Claim(Optional<Update> update, boolean busy, List<Update> behind, boolean readAll) {
        public static final Claim NOTHING_PENDING = new Claim(Optional.empty(), false, List.of(), true);
        static final Claim BUSY = new Claim(Optional.empty(), true, List.of(), true);

        /**
         * Another update of the dossier was pending behind the claimed one, so a sender that drains the dossier
         * claims again after this one; when false it can stop without asking (an update queued later drops its own
         * trigger).
         */
        public boolean more() {
            return !behind.isEmpty() || !readAll;
        }
    }

    /** How many pending rows a claim reads at most: a dossier has a handful, more only after a long DVCLT outage. */
    static final int PASS_READ = 16;

    /**
     * {@link #claimNext} that also says why nothing was claimed, from the same two statements: the relay needs no
     * {@link #claimedByOther} query after its last claim (BENCHMARKS.md). {@code busy} is true when the lowest pending
     * row could not be claimed (another claimant's unexpired claim, or it was sent in between): trying again later
     * is then always safe.
     */
    public Claim claim(String maHoSo, String claimant, java.time.Duration lease) {
        return decryptedClaim(db.inTransaction(c -> claim(c, maHoSo, claimant, lease)));
    }

    /**
     * Marks {@code current}'s update sent (DVCLT took it) and claims the update behind it, in one transaction: the
     * relay's step between two updates of a pass (one commit instead of two; the mark is still written before the
     * next update is sent, so a crash resends at most the update in flight). The next update is the one
     * {@code current} read behind its own, claimed by its sequence number without reading the dossier's rows again
     * (BENCHMARKS.md): rows are only ever added with a higher sequence number, so it is still the lowest pending one
     * unless another sender took it after this one's lease ran out, and then the conditional claim fails (busy).
     * Nothing behind: the mark alone, nothing pending (an update queued since comes with its own trigger).
     */
    public Claim markSentAndClaimNext(Claim current, String claimant, java.time.Duration lease) {
        Update done = current.update().orElseThrow(() -> new IllegalArgumentException("no update was claimed"));
        return decryptedClaim(db.inTransaction(c -> {
            finish(c, done.maHoSo(), done.seq(), SENT, null);
            return claimFirst(c, done.maHoSo(), current.behind(), current.readAll(), claimant, lease);
        }));
    }

    /** The claimed body decrypted after the commit: a body that cannot be read never undoes the mark before it. */
    private Claim decryptedClaim(Claim stored) {
        return stored.update().isEmpty() ? stored
                : new Claim(Optional.of(decrypted(stored.update().get())), stored.busy(), stored.behind(),
                        stored.readAll());
    }

    private Claim claim(java.sql.Connection c, String maHoSo, String claimant, java.time.Duration lease)
            throws java.sql.SQLException {
        // the lowest pending row and the rows behind it, in one read (the relay sends them in this pass)
        List<Update> pending = pending(c, maHoSo, PASS_READ);
        return claimFirst(c, maHoSo, pending, pending.size() < PASS_READ, claimant, lease);
    }

    /**
     * Claims the first of {@code pending} (the dossier's pending rows, lowest sequence first, as read) and keeps the
     * rest for the next step; none left: nothing pending when the read held them all, else the dossier is read again.
     */
    private Claim claimFirst(java.sql.Connection c, String maHoSo, List<Update> pending, boolean readAll,
                             String claimant, java.time.Duration lease) throws java.sql.SQLException {
        if (pending.isEmpty()) {
            return readAll ? Claim.NOTHING_PENDING : claim(c, maHoSo, claimant, lease);
        }
        if (!claimRow(c, pending.get(0), claimant, lease)) {
            return Claim.BUSY;
        }
        // the body as stored: decrypted by the caller once committed (a busy row's body is not needed)
        return new Claim(Optional.of(pending.get(0)), false, List.copyOf(pending.subList(1, pending.size())), readAll);
    }

    /** Claims one pending row unless another claimant holds an unexpired claim on it (atomic: one of two wins). */
    private boolean claimRow(java.sql.Connection c, Update u, String claimant, java.time.Duration lease)
            throws java.sql.SQLException {
        Instant now = db.now();
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE status_update SET claimed_by = ?, claimed_until = ? WHERE ma_ho_so = ? AND seq = ? AND state = ?"
                        + " AND (claimed_until IS NULL OR claimed_until <= ? OR claimed_by = ?)")) {
            ps.setString(1, claimant);
            ps.setTimestamp(2, Timestamp.from(now.plus(lease)));
            ps.setString(3, u.maHoSo());
            ps.setInt(4, u.seq());
            ps.setString(5, PENDING);
            ps.setTimestamp(6, Timestamp.from(now));
            ps.setString(7, claimant);
            return ps.executeUpdate() == 1;
        }
    }

    /** True when the dossier's lowest pending update is claimed by someone other than {@code claimant}, unexpired. */
    public boolean claimedByOther(String maHoSo, String claimant) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT claimed_by, claimed_until FROM status_update WHERE ma_ho_so = ? AND state = ? ORDER BY seq")) {
                ps.setString(1, maHoSo);
                ps.setString(2, PENDING);
                ps.setMaxRows(1);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getTimestamp(2) == null) {
                        return false;
                    }
                    return rs.getTimestamp(2).toInstant().isAfter(db.now()) && !claimant.equals(rs.getString(1));
                }
            }
        });
    }

    public void markSent(String maHoSo, int seq) {
        finish(maHoSo, seq, SENT, null);
    }

    /** DVCLT answered that it will not take this update: it is not retried (an operator is told). */
    public void markRefused(String maHoSo, int seq, String reason) {
        finish(maHoSo, seq, REFUSED, reason);
    }

    private void finish(String maHoSo, int seq, String state, String reason) {
        db.inTransaction(c -> {
            finish(c, maHoSo, seq, state, reason);
            return null;
        });
    }

    private void finish(java.sql.Connection c, String maHoSo, int seq, String state, String reason)
            throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE status_update SET state = ?, sent_at = ?, last_error = ?, attempts = attempts + 1"
                        + " WHERE ma_ho_so = ? AND seq = ?")) {
            ps.setString(1, state);
            ps.setTimestamp(2, Timestamp.from(db.now()));
            ps.setString(3, clip(reason));
            ps.setString(4, maHoSo);
            ps.setInt(5, seq);
            ps.executeUpdate();
        }
    }

    /** Dossiers with updates still pending whose last trigger is older than {@code before}; their trigger time is reset. */
    public List<String> dossiersToRetrigger(Instant before, int limit) {
        return db.inTransaction(c -> {
            List<String> codes = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT ma_ho_so FROM status_update WHERE state = ? AND triggered_at <= ? ORDER BY ma_ho_so")) {
                ps.setString(1, PENDING);
                ps.setTimestamp(2, Timestamp.from(before));
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        codes.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE status_update SET triggered_at = ? WHERE ma_ho_so = ? AND state = ?")) {
                for (String code : codes) {
                    ps.setTimestamp(1, Timestamp.from(db.now()));
                    ps.setString(2, code);
                    ps.setString(3, PENDING);
                    ps.addBatch();
                }
                if (!codes.isEmpty()) {
                    ps.executeBatch();
                }
            }
            return codes;
        });
    }

    /** Every update of a dossier in sequence order as (trangThai, state) pairs, for the API and tests. */
    public List<String> history(String maHoSo) {
        return db.inTransaction(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT trang_thai, state FROM status_update WHERE ma_ho_so = ? ORDER BY seq")) {
                ps.setString(1, maHoSo);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getInt(1) + ":" + rs.getString(2));
                    }
                }
            }
            return out;
        });
    }

    /** One update of a dossier as recorded: its status, state (PENDING, SENT, REFUSED) and body as sent. */
    public record Recorded(int seq, int trangThai, String state, String body) {
    }

    /** Every update of a dossier in sequence order, bodies decrypted (the acceptance run judges what DVCLT was told). */
    public List<Recorded> recorded(String maHoSo) {
        return db.inTransaction(c -> {
            List<Recorded> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT u.seq, u.trang_thai, u.state, b.body FROM status_update u"
                    + " JOIN status_update_body b ON b.ma_ho_so = u.ma_ho_so AND b.seq = u.seq WHERE u.ma_ho_so = ?"
                    + " ORDER BY u.seq")) {
                ps.setString(1, maHoSo);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int seq = rs.getInt(1);
                        out.add(new Recorded(seq, rs.getInt(2), rs.getString(3),
                                db.cipher().decryptText(rs.getString(4), BODY, maHoSo, Integer.toString(seq))));
                    }
                }
            }
            return out;
        });
    }

    private static String clip(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 997) + "...";
    }
}
