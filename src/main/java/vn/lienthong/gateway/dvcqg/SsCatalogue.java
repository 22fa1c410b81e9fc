package vn.lienthong.gateway.dvcqg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security-server catalogue (LayDanhMucSSTaiTep): which member code (DSTCODE) serves each agency's files.
 * Refreshed daily and on demand; kept in the database (survives restarts) and in memory (read on every lookup).
 * A refresh replaces the whole catalogue in one transaction, and only when DVCQG gave a usable list: a failed
 * refresh keeps the previous catalogue, and every attempt is recorded with its outcome.
 */
public final class SsCatalogue {

    private static final Logger LOG = LoggerFactory.getLogger(SsCatalogue.class);
    public static final String SERVICE = "LayDanhMucSSTaiTep";
    private static final Pattern UNIT_CODE = Pattern.compile("^\\d{3}\\.\\d{2}\\.\\d{2}\\.([A-Z]\\d{2})$");
    private static final Pattern SHORT_CODE = Pattern.compile("^([A-Z]\\d{2})(\\.\\d{1,3})*$");

    /** How an agency code was matched to a catalogue row; {@code agency} is null when it was not. */
    public record Resolution(Agency agency, String how, String reason) {
        public boolean found() {
            return agency != null;
        }
    }

    private record Snapshot(Map<String, Agency> byCode, Instant refreshedAt) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final DataSource dataSource;
    private final Clock clock;
    private final String madonvi;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), null);

    public SsCatalogue(DataSource dataSource, Clock clock, String madonvi) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.madonvi = madonvi;
        load();
    }

    /** The mapi/call body; the token travels in it as {@code session}. */
    public String requestBody(String session) {
        ObjectNode body = json.createObjectNode();
        body.put("session", session);
        body.put("madonvi", madonvi);
        body.put("service", SERVICE);
        return body.toString();
    }

    public boolean isEmpty() {
        return snapshot.byCode().isEmpty();
    }

    public int size() {
        return snapshot.byCode().size();
    }

    public Instant refreshedAt() {
        return snapshot.refreshedAt();
    }

    /** True when {@code dstcode} is the DSTCODE of a catalogue row (exact match): a member the gateway may download from. */
    public boolean isMember(String dstcode) {
        if (dstcode == null || dstcode.isBlank()) {
            return false;
        }
        for (Agency a : snapshot.byCode().values()) {
            if (a.dstCode().equals(dstcode)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads DVCQG's answer and, when it is a usable list, replaces the catalogue. Throws (and changes nothing)
     * otherwise; the route then calls {@link #failed}. Returns the report the refresh endpoint answers.
     */
    public String store(String trigger, Integer httpStatus, String body) {
        int code = httpStatus == null ? 0 : httpStatus;
        JsonNode answer;
        try {
            answer = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (Exception e) {
            answer = null;
        }
        if (code >= 400) {
            throw new DvcqgException("DVCQG_ERROR", "DVCQG answered HTTP " + code + " to " + SERVICE + message(answer));
        }
        if (answer == null || !answer.isObject()) {
            throw new DvcqgException("DVCQG_BAD_ANSWER", SERVICE + " answer is not a JSON object");
        }
        JsonNode result = answer.get("result");
        if (result == null || !result.isArray()) {
            throw new DvcqgException("DVCQG_ERROR", SERVICE + " answer has no result list" + message(answer));
        }
        Map<String, Agency> rows = new LinkedHashMap<>();
        int skipped = 0;
        for (JsonNode item : result) {
            String ma = item.path("MACOQUAN").asText("").trim();
            String ten = item.path("TENCOQUAN").asText("").trim();
            String dst = item.path("DSTCODE").asText("").trim();
            if (ma.isEmpty() || dst.isEmpty() || rows.containsKey(key(ma))) {
                skipped++;
                continue;
            }
            rows.put(key(ma), new Agency(ma, ten, dst));
        }
        if (rows.isEmpty()) {
            // an empty list would make every file undownloadable: more likely a portal glitch than the truth
            throw new DvcqgException("DVCQG_BAD_ANSWER", SERVICE + " returned no usable entry (" + result.size()
                    + " rows, " + skipped + " without MACOQUAN/DSTCODE or duplicated)");
        }
        Instant now = clock.instant();
        replace(rows, now, trigger, skipped);
        snapshot = new Snapshot(Collections.unmodifiableMap(rows), now);
        LOG.info("DVCQG security-server catalogue refreshed ({}): {} agencies, {} rows skipped", trigger, rows.size(), skipped);
        ObjectNode report = json.createObjectNode();
        report.put("status", "REFRESHED");
        report.put("entries", rows.size());
        report.put("skipped", skipped);
        report.put("refreshedAt", now.toString());
        return report.toString();
    }

    /** Records a failed refresh (the previous catalogue stays) and returns the report the endpoint answers. */
    public String failed(String trigger, String reason) {
        Instant now = clock.instant();
        try {
            inTransaction(c -> insertAttempt(c, now, trigger, "FAILED", null, reason));
        } catch (RuntimeException e) {
            LOG.warn("Could not record the failed catalogue refresh: {}", e.toString());
        }
        Snapshot kept = snapshot;
        LOG.warn("DVCQG security-server catalogue refresh ({}) failed: {}; keeping the previous catalogue ({} agencies, refreshed {})",
                trigger, reason, kept.byCode().size(), kept.refreshedAt());
        ObjectNode report = json.createObjectNode();
        report.put("status", "FAILED");
        report.put("error", "CATALOGUE_REFRESH_FAILED");
        report.put("reason", reason);
        report.put("keptEntries", kept.byCode().size());
        if (kept.refreshedAt() != null) {
            report.put("keptRefreshedAt", kept.refreshedAt().toString());
        } else {
            report.putNull("keptRefreshedAt");
        }
        return report.toString();
    }

    /**
     * The catalogue row of the agency that stores a paper ({@code CoQuanChuQuan}). The catalogue lists one
     * security server per ministry or province, by its level-1 code {@code 000.00.00.Xnn}; a paper stored by one
     * of its units ({@code 000.12.34.H22}, or the short form {@code H22.99}) is served by that level-1 server.
     * Nothing else is inferred: an agency whose code or level-1 code is not listed is not found.
     */
    public Resolution resolve(String coQuanChuQuan) {
        Snapshot s = snapshot;
        String code = coQuanChuQuan == null ? "" : coQuanChuQuan.trim();
        if (code.isEmpty()) {
            return new Resolution(null, null, "the paper names no storing agency (CoQuanChuQuan is empty)");
        }
        Agency exact = s.byCode().get(key(code));
        if (exact != null) {
            return new Resolution(exact, "MACOQUAN " + exact.maCoQuan(), null);
        }
        String upper = code.toUpperCase(Locale.ROOT);
        String level1 = null;
        Matcher unit = UNIT_CODE.matcher(upper);
        Matcher shortForm = SHORT_CODE.matcher(upper);
        if (unit.matches()) {
            level1 = "000.00.00." + unit.group(1);
        } else if (shortForm.matches()) {
            level1 = "000.00.00." + shortForm.group(1);
        }
        if (level1 != null) {
            Agency parent = s.byCode().get(key(level1));
            if (parent != null) {
                return new Resolution(parent, "level-1 unit " + parent.maCoQuan() + " of " + code, null);
            }
        }
        String when = s.refreshedAt() == null ? "never refreshed" : "refreshed " + s.refreshedAt();
        return new Resolution(null, null, "agency " + code + (level1 != null && !level1.equals(upper) ? " (level-1 " + level1 + ")" : "")
                + " is not in the security-server catalogue (" + s.byCode().size() + " agencies, " + when
                + "): its DSTCODE is unknown, so the file cannot be downloaded");
    }

    /** The catalogue and the last refresh attempts, for GET /api/dvcqg/catalogue. */
    public String viewJson() {
        Snapshot s = snapshot;
        ObjectNode view = json.createObjectNode();
        view.put("entries", s.byCode().size());
        if (s.refreshedAt() != null) {
            view.put("refreshedAt", s.refreshedAt().toString());
        } else {
            view.putNull("refreshedAt");
        }
        ArrayNode agencies = view.putArray("agencies");
        for (Agency a : s.byCode().values()) {
            agencies.addObject().put("MACOQUAN", a.maCoQuan()).put("TENCOQUAN", a.tenCoQuan()).put("DSTCODE", a.dstCode());
        }
        ArrayNode attempts = view.putArray("refreshes");
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT attempted_at, trigger_source, outcome, entries, reason"
                    + " FROM dvcqg_catalogue_refresh ORDER BY id DESC")) {
                ps.setMaxRows(20);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ObjectNode a = attempts.addObject();
                        a.put("at", rs.getTimestamp(1).toInstant().toString());
                        a.put("trigger", rs.getString(2));
                        a.put("outcome", rs.getString(3));
                        int entries = rs.getInt(4);
                        if (rs.wasNull()) {
                            a.putNull("entries");
                        } else {
                            a.put("entries", entries);
                        }
                        a.put("reason", rs.getString(5));
                    }
                }
            }
            return null;
        });
        return view.toString();
    }

    /** (Re)reads the catalogue from the database: at start, the last good catalogue is usable at once. */
    public void load() {
        Map<String, Agency> rows = new LinkedHashMap<>();
        Instant[] refreshed = {null};
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT macoquan, tencoquan, dstcode, refreshed_at FROM dvcqg_ss_catalogue ORDER BY macoquan");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(key(rs.getString(1)), new Agency(rs.getString(1), rs.getString(2), rs.getString(3)));
                    Instant at = rs.getTimestamp(4).toInstant();
                    if (refreshed[0] == null || at.isAfter(refreshed[0])) {
                        refreshed[0] = at;
                    }
                }
            }
            return null;
        });
        snapshot = new Snapshot(Collections.unmodifiableMap(rows), refreshed[0]);
    }

    private void replace(Map<String, Agency> rows, Instant now, String trigger, int skipped) {
        inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM dvcqg_ss_catalogue")) {
                del.executeUpdate();
            }
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO dvcqg_ss_catalogue (macoquan, tencoquan, dstcode, refreshed_at) VALUES (?, ?, ?, ?)")) {
                for (Agency a : rows.values()) {
                    ins.setString(1, clip(a.maCoQuan(), 64));
                    ins.setString(2, clip(a.tenCoQuan(), 500));
                    ins.setString(3, clip(a.dstCode(), 200));
                    ins.setTimestamp(4, Timestamp.from(now));
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            insertAttempt(c, now, trigger, "REFRESHED", rows.size(), skipped == 0 ? null : skipped + " rows skipped");
            return null;
        });
    }

    private static Void insertAttempt(Connection c, Instant at, String trigger, String outcome, Integer entries, String reason)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dvcqg_catalogue_refresh"
                + " (attempted_at, trigger_source, outcome, entries, reason) VALUES (?, ?, ?, ?, ?)")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, clip(trigger == null ? "unknown" : trigger, 16));
            ps.setString(3, outcome);
            if (entries == null) {
                ps.setNull(4, java.sql.Types.INTEGER);
            } else {
                ps.setInt(4, entries);
            }
            ps.setString(5, clip(reason, 4000));
            ps.executeUpdate();
        }
        return null;
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        return vn.lienthong.gateway.ledger.Transactions.inTransaction(dataSource, work::run,
                e -> new IllegalStateException("DVCQG catalogue database error: " + e.getMessage(), e));
    }

    private static String message(JsonNode answer) {
        if (answer == null || !answer.isObject()) {
            return "";
        }
        for (String f : List.of("message", "errorMessage", "error_description")) {
            if (answer.hasNonNull(f) && !answer.get(f).asText().isBlank()) {
                return ": " + answer.get(f).asText();
            }
        }
        return "";
    }

    private static String key(String code) {
        return code.trim().toUpperCase(Locale.ROOT);
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    List<Agency> agencies() {
        return new ArrayList<>(snapshot.byCode().values());
    }
}
