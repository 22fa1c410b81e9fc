package vn.lienthong.gateway.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention of personal data ({@code PAYLOAD_RETENTION_DAYS}): for dossiers in a final state (REJECTED, FAILED,
 * REFUSED, RESULT_DELIVERED, NOT_APPLICABLE) whose last change is older than the retention, deletes what is stored
 * of their contents (received payload versions, the certificate file and the registration's ID number, a waiting
 * push body, the sent DVCLT status bodies, and through the other stores' purgers e.g. the evidence records they
 * used) and keeps the ledger row and its trail, which get a {@code PAYLOAD_PURGED} event. A dossier that changes
 * again (a new version) becomes due again after the retention.
 */
public class PayloadRetention {

    private static final Logger LOG = LoggerFactory.getLogger(PayloadRetention.class);
    private static final int BATCH = 200;
    public static final String PURGED = "PAYLOAD_PURGED";

    /** Another store's personal data of a dossier: deletes it and says what it removed (null: nothing). */
    @FunctionalInterface
    public interface Purger {
        String purge(String maHoSo);
    }

    /** Personal data kept outside any dossier (e.g. imported hospital files): deletes what is older than the cutoff. */
    @FunctionalInterface
    public interface Sweeper {
        int deleteOlderThan(Instant cutoff);
    }

    /** What one run did; {@code swept}: files deleted by each sweeper. */
    public record Run(int dossiers, int failed, Instant cutoff, Map<String, Integer> swept) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("{\"purgedDossiers\":" + dossiers + ",\"failed\":" + failed + ",\"cutoff\":\""
                    + (cutoff == null ? "" : cutoff.toString()) + "\"");
            swept.forEach((what, n) -> s.append(",\"").append(what).append("\":").append(n));
            return s.append('}').toString();
        }
    }

    private final Ledger ledger;
    private final int days;
    private final FileStore results;
    private final FileStore awaiting;
    private final Map<String, Purger> purgers = new LinkedHashMap<>();
    private final Map<String, Sweeper> sweepers = new LinkedHashMap<>();
    private final AtomicLong purgedTotal = new AtomicLong();

    /** {@code days} 0 keeps everything (the job does nothing); files stores may be null (flow not configured). */
    public PayloadRetention(Ledger ledger, int days, FileStore results, FileStore awaiting) {
        if (days < 0) {
            throw new IllegalArgumentException("PAYLOAD_RETENTION_DAYS must be 0 (keep) or more, got " + days);
        }
        this.ledger = ledger;
        this.days = days;
        this.results = results;
        this.awaiting = awaiting;
    }

    /** Adds another store's purge of a dossier's personal data (e.g. the evidence it used). */
    public PayloadRetention alsoPurge(String what, Purger purger) {
        purgers.put(what, purger);
        return this;
    }

    /** Adds a store of personal data kept outside dossiers, swept with the same retention. */
    public PayloadRetention alsoSweep(String what, Sweeper sweeper) {
        sweepers.put(what, sweeper);
        return this;
    }

    public int days() {
        return days;
    }

    /** Dossiers whose stored contents were purged since start (metric gateway_payloads_purged_total). */
    public long purgedTotal() {
        return purgedTotal.get();
    }

    /** One run: purges every due dossier, in batches. */
    public Run run() {
        if (days == 0) {
            return new Run(0, 0, null, Map.of());
        }
        Instant cutoff = ledger.now().minus(Duration.ofDays(days));
        Set<String> failed = new HashSet<>();
        int purged = 0;
        while (true) {
            List<String[]> due = due(cutoff, failed);
            if (due.isEmpty()) {
                break;
            }
            for (String[] d : due) {
                try {
                    purge(d[0], d[1]);
                    purged++;
                    purgedTotal.incrementAndGet();
                } catch (RuntimeException e) {
                    failed.add(d[0]);
                    LOG.warn("Retention: dossier {} could not be purged, left for the next run: {}", d[0],
                            e.getClass().getSimpleName());
                }
            }
        }
        Map<String, Integer> swept = new LinkedHashMap<>();
        sweepers.forEach((what, sweeper) -> {
            try {
                swept.put(what, sweeper.deleteOlderThan(cutoff));
            } catch (RuntimeException e) {
                swept.put(what, -1);
                LOG.warn("Retention: {} could not be cleaned: {}", what, e.getMessage());
            }
        });
        if (purged > 0 || !failed.isEmpty()) {
            LOG.info("Retention: stored contents of {} dossier(s) finished before {} purged ({} failed)", purged, cutoff,
                    failed.size());
        }
        return new Run(purged, failed.size(), cutoff, swept);
    }

    private List<String[]> due(Instant cutoff, Set<String> skip) {
        return ledger.inTransaction(c -> {
            List<String[]> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT d.ma_ho_so, d.state FROM dossier d"
                    + " WHERE d.state IN ('REJECTED', 'FAILED', 'REFUSED', 'RESULT_DELIVERED', 'NOT_APPLICABLE')"
                    + " AND d.updated_at < ? AND NOT EXISTS (SELECT 1 FROM dossier_event e WHERE e.ma_ho_so = d.ma_ho_so"
                    + " AND e.outcome = '" + PURGED + "' AND e.occurred_at >= d.updated_at)"
                    + " ORDER BY d.updated_at, d.ma_ho_so FETCH FIRST " + (BATCH + skip.size()) + " ROWS ONLY")) {
                ps.setTimestamp(1, Timestamp.from(cutoff));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && out.size() < BATCH) {
                        if (!skip.contains(rs.getString(1))) {
                            out.add(new String[] {rs.getString(1), rs.getString(2)});
                        }
                    }
                }
            }
            return out;
        });
    }

    private void purge(String maHoSo, String state) {
        List<String> removed = new ArrayList<>();
        List<String> files = new ArrayList<>();
        List<String> waitingFiles = new ArrayList<>();
        ledger.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM dossier_payload WHERE ma_ho_so = ?")) {
                ps.setString(1, maHoSo);
                int n = ps.executeUpdate();
                if (n > 0) {
                    removed.add("payload versions " + n);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT sha256 FROM civil_result WHERE ma_ho_so = ?")) {
                ps.setString(1, maHoSo);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        files.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE civil_result SET so_dinh_danh = NULL WHERE ma_ho_so = ?")) {
                ps.setString(1, maHoSo);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT body_sha FROM awaiting_acceptance WHERE ma_ho_so = ?")) {
                ps.setString(1, maHoSo);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        waitingFiles.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM awaiting_acceptance WHERE ma_ho_so = ?")) {
                ps.setString(1, maHoSo);
                ps.executeUpdate();
            }
            // sent (or refused) DVCLT updates are history; a pending one would still be sent as it is
            try (PreparedStatement ps = c.prepareStatement("UPDATE status_update_body SET body = '{}'"
                    + " WHERE ma_ho_so = ? AND body <> '{}' AND seq IN (SELECT seq FROM status_update"
                    + " WHERE ma_ho_so = ? AND state <> '" + StatusOutbox.PENDING + "')")) {
                ps.setString(1, maHoSo);
                ps.setString(2, maHoSo);
                int n = ps.executeUpdate();
                if (n > 0) {
                    removed.add("status bodies " + n);
                }
            }
            return null;
        });
        for (String sha : files) {
            if (results != null) {
                results.delete(sha);
            }
            removed.add("certificate");
        }
        for (String sha : waitingFiles) {
            if (awaiting != null) {
                awaiting.delete(sha);
            }
            removed.add("waiting push body");
        }
        purgers.forEach((what, purger) -> {
            String note = purger.purge(maHoSo);
            if (note != null) {
                removed.add(note);
            }
        });
        ledger.event(maHoSo, "retention", PURGED, "stored contents deleted " + days + " days after the dossier ended ("
                + state + "): " + (removed.isEmpty() ? "nothing was left" : String.join(", ", removed))
                + "; the trail is kept");
    }
}
