package vn.lienthong.gateway.health;

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

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import vn.lienthong.gateway.security.PayloadCipher;

/**
 * The birth-certificate / death-notice store ("kho dữ liệu chứng sinh, báo tử") in the gateway database, plus the
 * links from civil dossiers to the evidence they use, the DHIS2 share-back outbox and pull cursors.
 * Each method is one short transaction; the seed's duplicate rule is applied atomically (conditional update).
 * At rest, records are encrypted ({@link PayloadCipher}) and the ID-number columns hold keyed HMAC indexes, never
 * the numbers; a deceased's ID number kept as a dossier's evidence link is encrypted too.
 */
public class EvidenceStore {

    public enum Action { STORED, UPDATED, ALREADY_USED }

    public record SaveResult(Action action, String usedBy) {
    }

    /** A stored record with its use. */
    public record Stored(EvidenceKind kind, String key, String source, Map<String, String> fields, String usedBy,
                         Instant usedAt, int revision, Instant createdAt, Instant updatedAt, String reservedBy) {
        public boolean used() {
            return usedBy != null;
        }

        /** Held by a dossier PMHT has but has not decided yet (not "used" in the seed's sense). */
        public boolean reserved() {
            return usedBy == null && reservedBy != null;
        }
    }

    /** Where a DHIS2 death came from, kept to share the registration back to the same event. */
    public record Dhis2Origin(String event, String metaJson) {
    }

    public enum MarkResult { MARKED, ALREADY_MARKED, USED_BY_ANOTHER, NOT_FOUND }

    /** Reserving evidence for a dossier in flight: RESERVED_BY_ANOTHER when another dossier holds it. */
    public enum ReserveResult { RESERVED, ALREADY_RESERVED, USED, RESERVED_BY_ANOTHER, NOT_FOUND }

    /**
     * A registered DHIS2 death waiting to be shared back, with PMHT's registration number and date when health
     * learnt them (null for deaths marked before V67 or by hand: the dossier code stands in).
     */
    public record PendingPush(String maGBT, String registeredBy, String metaJson, String soDangKy, String ngayDangKy) {
    }

    /** What health learnt of a dossier from the civil registration events. */
    public record Registration(String maHoSo, String module, String lastEvent, String soDangKy, String ngayDangKy) {
    }

    public record Link(String maHoSo, String kind, String ref) {
    }

    private static final TypeReference<LinkedHashMap<String, String>> FIELDS = new TypeReference<>() {
    };
    private static final int MAX_REASON = 2000;
    /** Records are bound to their certificate / notice number, a link's ID number to its dossier and kind. */
    private static final PayloadCipher.Column BIRTH_RECORD = PayloadCipher.Column.of("health_birth_certificate", "record_json");
    private static final PayloadCipher.Column DEATH_RECORD = PayloadCipher.Column.of("health_death_notice", "record_json");
    private static final PayloadCipher.Column LINK_REF = PayloadCipher.Column.of("health_evidence_link", "ref");
    /** What the retention leaves of a record's and of a link's personal data (clear markers, never decrypted). */
    private static final String PURGED_RECORD = "{}";
    private static final String PURGED_REF = "-";

    private final DataSource dataSource;
    private final Clock clock;
    private final PayloadCipher cipher;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * With a key that lives in memory only (tests, tools): the gateway passes its configured cipher. Clear records
     * stored before encryption are read while the data-at-rest migration is pending.
     */
    public EvidenceStore(DataSource dataSource, Clock clock) {
        this(dataSource, clock, PayloadCipher.ephemeral().acceptingUnboundWhile(
                vn.lienthong.gateway.ledger.DataAtRestMigration.pending(dataSource)));
    }

    public EvidenceStore(DataSource dataSource, Clock clock, PayloadCipher cipher) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.cipher = cipher;
    }

    /** The keyed index stored instead of an ID number (null stays null). */
    private String index(String idNumber) {
        return idNumber == null ? null : cipher.index(idNumber);
    }

    // ---- records ----

    /**
     * Seed 004: exists and already used -> not accepted; exists and unused -> updated; new -> stored.
     * The caller has already checked the record.
     */
    public SaveResult save(EvidenceRules.Checked record, String source, Dhis2Origin origin) {
        if (!record.valid()) {
            throw new IllegalArgumentException("only valid records are stored");
        }
        String recordJson = cipher.encryptText(write(record.fields()), recordColumn(record.kind()), record.key());
        for (int attempt = 0; ; attempt++) {
            try {
                return inTransaction(c -> saveOnce(c, record, source, origin, recordJson));
            } catch (HealthStoreException e) {
                // two senders inserted the same new number at once: the loser's retry updates
                if (attempt >= 2 || !isUniqueViolation(e.getCause())) {
                    throw e;
                }
            }
        }
    }

    private SaveResult saveOnce(Connection c, EvidenceRules.Checked r, String source, Dhis2Origin origin, String recordJson)
            throws SQLException {
        Timestamp now = now();
        EvidenceKind kind = r.kind();
        String update = kind == EvidenceKind.BIRTH
                ? "UPDATE health_birth_certificate SET me_so_giay_to = ?, nks_ngay_sinh = ?, source = ?, record_json = ?,"
                + " revision = revision + 1, updated_at = ? WHERE ma_gcs = ? AND used_by IS NULL"
                : "UPDATE health_death_notice SET nkt_so_giay_to = ?, source = ?, record_json = ?, revision = revision + 1,"
                + " dhis2_event = COALESCE(?, dhis2_event), dhis2_meta_json = COALESCE(?, dhis2_meta_json), updated_at = ?"
                + " WHERE ma_gbt = ? AND used_by IS NULL";
        try (PreparedStatement ps = c.prepareStatement(update)) {
            int i = 1;
            if (kind == EvidenceKind.BIRTH) {
                ps.setString(i++, index(r.field("meSoGiayToTuyThan")));
                ps.setString(i++, r.field("nksNgaySinh"));
            } else {
                ps.setString(i++, index(r.field("nktSoGiayToTuyThan")));
            }
            ps.setString(i++, source);
            ps.setString(i++, recordJson);
            if (kind == EvidenceKind.DEATH) {
                ps.setString(i++, origin == null ? null : origin.event());
                ps.setString(i++, origin == null ? null : origin.metaJson());
            }
            ps.setTimestamp(i++, now);
            ps.setString(i, r.key());
            if (ps.executeUpdate() == 1) {
                return new SaveResult(Action.UPDATED, null);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT used_by FROM " + kind.table + " WHERE " + kind.keyColumn + " = ?")) {
            ps.setString(1, r.key());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new SaveResult(Action.ALREADY_USED, rs.getString(1));
                }
            }
        }
        String insert = kind == EvidenceKind.BIRTH
                ? "INSERT INTO health_birth_certificate (ma_gcs, me_so_giay_to, nks_ngay_sinh, source, record_json,"
                + " revision, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)"
                : "INSERT INTO health_death_notice (ma_gbt, nkt_so_giay_to, source, record_json, revision, dhis2_event,"
                + " dhis2_meta_json, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            int i = 1;
            ps.setString(i++, r.key());
            if (kind == EvidenceKind.BIRTH) {
                ps.setString(i++, index(r.field("meSoGiayToTuyThan")));
                ps.setString(i++, r.field("nksNgaySinh"));
                ps.setString(i++, source);
                ps.setString(i++, recordJson);
            } else {
                ps.setString(i++, index(r.field("nktSoGiayToTuyThan")));
                ps.setString(i++, source);
                ps.setString(i++, recordJson);
                ps.setString(i++, origin == null ? null : origin.event());
                ps.setString(i++, origin == null ? null : origin.metaJson());
            }
            ps.setTimestamp(i++, now);
            ps.setTimestamp(i, now);
            ps.executeUpdate();
        }
        return new SaveResult(Action.STORED, null);
    }

    public Optional<Stored> find(EvidenceKind kind, String key) {
        List<Stored> found = query(kind, kind.keyColumn + " = ?", List.of(key));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Birth certificates of a mother's ID number, newest birth first. */
    public List<Stored> birthsByMother(String idNumber) {
        List<String> keys = lookupKeys(idNumber);
        return query(EvidenceKind.BIRTH, "me_so_giay_to IN (" + marks(keys.size()) + ") ORDER BY nks_ngay_sinh DESC, ma_gcs", keys);
    }

    /** Death notices of a deceased's ID number. */
    public List<Stored> deathsByDeceased(String idNumber) {
        List<String> keys = lookupKeys(idNumber);
        return query(EvidenceKind.DEATH, "nkt_so_giay_to IN (" + marks(keys.size()) + ") ORDER BY created_at DESC, ma_gbt", keys);
    }

    /**
     * What an ID number is stored as: its index under each configured key (rows indexed before a key rotation
     * still match) and, for rows stored before encryption and not yet re-encrypted, the number itself.
     */
    private List<String> lookupKeys(String idNumber) {
        List<String> keys = new ArrayList<>(cipher.indexes(idNumber));
        keys.add(idNumber);
        return keys;
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private List<Stored> query(EvidenceKind kind, String where, List<String> values) {
        return inTransaction(c -> {
            List<Stored> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + kind.keyColumn + ", source, record_json, used_by,"
                    + " used_at, revision, created_at, updated_at, reserved_by FROM " + kind.table + " WHERE " + where)) {
                for (int i = 0; i < values.size(); i++) {
                    ps.setString(i + 1, values.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Stored(kind, rs.getString(1), rs.getString(2), record(kind, rs.getString(1), rs.getString(3)),
                                rs.getString(4), instant(rs.getTimestamp(5)), rs.getInt(6), instant(rs.getTimestamp(7)),
                                instant(rs.getTimestamp(8)), rs.getString(9)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Marks evidence used by a registered dossier. A DHIS2 death becomes pending for the share-back in the same
     * transaction, so a registration is never marked without its share-back being due.
     */
    public MarkResult markUsed(EvidenceKind kind, String key, String maHoSo) {
        return inTransaction(c -> {
            String sql = "UPDATE " + kind.table + " SET used_by = ?, used_at = ?, updated_at = ?"
                    + (kind == EvidenceKind.DEATH
                    ? ", dhis2_push_state = CASE WHEN dhis2_event IS NULL THEN NULL ELSE 'PENDING' END" : "")
                    + ", reserved_by = NULL, reserved_at = NULL"
                    + " WHERE " + kind.keyColumn + " = ? AND used_by IS NULL AND (reserved_by IS NULL OR reserved_by = ?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Timestamp now = now();
                ps.setString(1, maHoSo);
                ps.setTimestamp(2, now);
                ps.setTimestamp(3, now);
                ps.setString(4, key);
                ps.setString(5, maHoSo);
                if (ps.executeUpdate() == 1) {
                    return MarkResult.MARKED;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT used_by FROM " + kind.table + " WHERE " + kind.keyColumn + " = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return MarkResult.NOT_FOUND;
                    }
                    return maHoSo.equals(rs.getString(1)) ? MarkResult.ALREADY_MARKED : MarkResult.USED_BY_ANOTHER;
                }
            }
        });
    }

    /**
     * Reserves evidence for a dossier PMHT has (pushed, not decided): another dossier can neither reserve nor use
     * it meanwhile; the hospital may still correct it (seed 004 refuses only what a registration used).
     */
    public ReserveResult reserve(EvidenceKind kind, String key, String maHoSo) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + kind.table + " SET reserved_by = ?, reserved_at = ?"
                    + " WHERE " + kind.keyColumn + " = ? AND used_by IS NULL AND reserved_by IS NULL")) {
                ps.setString(1, maHoSo);
                ps.setTimestamp(2, now());
                ps.setString(3, key);
                if (ps.executeUpdate() == 1) {
                    return ReserveResult.RESERVED;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT used_by, reserved_by FROM " + kind.table + " WHERE " + kind.keyColumn + " = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return ReserveResult.NOT_FOUND;
                    }
                    if (rs.getString(1) != null) {
                        return ReserveResult.USED;
                    }
                    return maHoSo.equals(rs.getString(2)) ? ReserveResult.ALREADY_RESERVED : ReserveResult.RESERVED_BY_ANOTHER;
                }
            }
        });
    }

    /** Releases what a dossier reserved and did not use; returns the released numbers (birth and death). */
    public List<String> release(String maHoSo) {
        return inTransaction(c -> {
            List<String> released = new ArrayList<>();
            for (EvidenceKind kind : EvidenceKind.values()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + kind.keyColumn + " FROM " + kind.table
                        + " WHERE reserved_by = ? AND used_by IS NULL ORDER BY " + kind.keyColumn)) {
                    ps.setString(1, maHoSo);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            released.add(rs.getString(1));
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + kind.table
                        + " SET reserved_by = NULL, reserved_at = NULL WHERE reserved_by = ? AND used_by IS NULL")) {
                    ps.setString(1, maHoSo);
                    ps.executeUpdate();
                }
            }
            return released;
        });
    }

    /**
     * DHIS2's weekly A6 review (seed 004 2.4.2 steps 3-4) sent back the cause of death of a death already used by
     * a registration: only that field of the stored record changes (revision + 1). Returns the registering dossier,
     * or empty when the death is not stored, not used, or the cause is the same.
     */
    public Optional<String> reviewCause(String maGBT, String cause) {
        return inTransaction(c -> {
            String stored;
            String usedBy;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT record_json, used_by FROM health_death_notice WHERE ma_gbt = ?")) {
                ps.setString(1, maGBT);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getString(2) == null || PURGED_RECORD.equals(rs.getString(1))) {
                        return Optional.<String>empty();
                    }
                    stored = rs.getString(1);
                    usedBy = rs.getString(2);
                }
            }
            Map<String, String> fields = record(EvidenceKind.DEATH, maGBT, stored);
            if (cause == null || cause.equals(fields.get("nktNguyenNhanChet"))) {
                return Optional.<String>empty();
            }
            fields.put("nktNguyenNhanChet", cause);
            try (PreparedStatement ps = c.prepareStatement("UPDATE health_death_notice SET record_json = ?,"
                    + " revision = revision + 1, updated_at = ? WHERE ma_gbt = ?")) {
                ps.setString(1, cipher.encryptText(write(fields), DEATH_RECORD, maGBT));
                ps.setTimestamp(2, now());
                ps.setString(3, maGBT);
                ps.executeUpdate();
            }
            return Optional.of(usedBy);
        });
    }

    /** Records the last registration event of a dossier (and its registration number and date once registered). */
    public void recordRegistration(Registration r) {
        inTransaction(c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE health_registration SET module = COALESCE(?, module),"
                    + " last_event = ?, so_dang_ky = COALESCE(?, so_dang_ky), ngay_dang_ky = COALESCE(?, ngay_dang_ky),"
                    + " updated_at = ? WHERE ma_ho_so = ?")) {
                ps.setString(1, r.module());
                ps.setString(2, r.lastEvent());
                ps.setString(3, r.soDangKy());
                ps.setString(4, r.ngayDangKy());
                ps.setTimestamp(5, now());
                ps.setString(6, r.maHoSo());
                n = ps.executeUpdate();
            }
            if (n == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO health_registration (ma_ho_so, module,"
                        + " last_event, so_dang_ky, ngay_dang_ky, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, r.maHoSo());
                    ps.setString(2, r.module());
                    ps.setString(3, r.lastEvent());
                    ps.setString(4, r.soDangKy());
                    ps.setString(5, r.ngayDangKy());
                    ps.setTimestamp(6, now());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** A registered death with no DHIS2 event yet waits for one of this deceased (stored as its keyed index). */
    public void awaitDhis2Event(String maHoSo, String deceasedId) {
        setAwaiting(maHoSo, index(deceasedId));
    }

    /** The registration done or given up: it waits no more. */
    public void stopAwaitingDhis2Event(String maHoSo) {
        setAwaiting(maHoSo, null);
    }

    private void setAwaiting(String maHoSo, String indexValue) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE health_registration SET awaits_dhis2_for = ? WHERE ma_ho_so = ?")) {
                ps.setString(1, indexValue);
                ps.setString(2, maHoSo);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The registered dossier waiting for a DHIS2 event of this deceased, if any (oldest first). */
    public Optional<String> registrationAwaitingDhis2(String deceasedId) {
        List<String> keys = lookupKeys(deceasedId);
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT ma_ho_so FROM health_registration WHERE awaits_dhis2_for IN ("
                    + marks(keys.size()) + ") ORDER BY updated_at FETCH FIRST 1 ROWS ONLY")) {
                for (int i = 0; i < keys.size(); i++) {
                    ps.setString(i + 1, keys.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    public Optional<Registration> registration(String maHoSo) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT ma_ho_so, module, last_event, so_dang_ky, ngay_dang_ky"
                    + " FROM health_registration WHERE ma_ho_so = ?")) {
                ps.setString(1, maHoSo);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Registration(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5))) : Optional.<Registration>empty();
                }
            }
        });
    }

    /**
     * Retention: deletes the personal data of the evidence a dossier used (the record and the ID-number index) and
     * the deceased's ID number of its evidence links; keeps numbers, sources, use and share-back state.
     * Returns what was removed, or null when there was nothing.
     */
    public String purgePersonalData(String maHoSo) {
        return inTransaction(c -> {
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement("UPDATE health_birth_certificate SET record_json = '{}',"
                    + " me_so_giay_to = '-' WHERE used_by = ? AND record_json <> '{}'")) {
                ps.setString(1, maHoSo);
                n += ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE health_death_notice SET record_json = '{}',"
                    + " nkt_so_giay_to = NULL WHERE used_by = ? AND record_json <> '{}'")) {
                ps.setString(1, maHoSo);
                n += ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE health_evidence_link SET ref = '-' WHERE ma_ho_so = ? AND kind = 'NKT_ID' AND ref <> '-'")) {
                ps.setString(1, maHoSo);
                n += ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE health_registration SET awaits_dhis2_for = NULL"
                    + " WHERE ma_ho_so = ? AND awaits_dhis2_for IS NOT NULL")) {
                ps.setString(1, maHoSo);
                n += ps.executeUpdate();
            }
            return n == 0 ? null : "evidence records " + n;
        });
    }

    // ---- links from dossiers to evidence ----

    /**
     * Records (or replaces) which evidence a dossier refers to; marking happens when PMHT has the dossier.
     * A deceased's ID number (kind NKT_ID) is stored encrypted.
     */
    public void link(String maHoSo, String kind, String ref) {
        boolean personal = "NKT_ID".equals(kind);
        for (int attempt = 0; ; attempt++) {
            try {
                inTransaction(c -> {
                    String current = null;
                    boolean exists = false;
                    try (PreparedStatement ps = c.prepareStatement(
                            "SELECT ref FROM health_evidence_link WHERE ma_ho_so = ? AND kind = ?")) {
                        ps.setString(1, maHoSo);
                        ps.setString(2, kind);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                exists = true;
                                current = personal ? ref(maHoSo, kind, rs.getString(1)) : rs.getString(1);
                            }
                        }
                    }
                    if (!exists) {
                        try (PreparedStatement ps = c.prepareStatement(
                                "INSERT INTO health_evidence_link (ma_ho_so, kind, ref, created_at) VALUES (?, ?, ?, ?)")) {
                            ps.setString(1, maHoSo);
                            ps.setString(2, kind);
                            ps.setString(3, personal ? cipher.encryptText(ref, LINK_REF, maHoSo, kind) : ref);
                            ps.setTimestamp(4, now());
                            ps.executeUpdate();
                        }
                    } else if (!ref.equals(current)) {
                        try (PreparedStatement ps = c.prepareStatement(
                                "UPDATE health_evidence_link SET ref = ?, marked_at = NULL WHERE ma_ho_so = ? AND kind = ?")) {
                            ps.setString(1, personal ? cipher.encryptText(ref, LINK_REF, maHoSo, kind) : ref);
                            ps.setString(2, maHoSo);
                            ps.setString(3, kind);
                            ps.executeUpdate();
                        }
                    }
                    return null;
                });
                return;
            } catch (HealthStoreException e) {
                if (attempt >= 2 || !isUniqueViolation(e.getCause())) {
                    throw e;
                }
            }
        }
    }

    public List<Link> links(String maHoSo) {
        return inTransaction(c -> {
            List<Link> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT ma_ho_so, kind, ref FROM health_evidence_link WHERE ma_ho_so = ? ORDER BY kind")) {
                ps.setString(1, maHoSo);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String kind = rs.getString(2);
                        out.add(new Link(rs.getString(1), kind, "NKT_ID".equals(kind) ? ref(rs.getString(1), kind, rs.getString(3))
                                : rs.getString(3)));
                    }
                }
            }
            return out;
        });
    }

    /** A dossier whose evidence lags behind its ledger state, and that state. */
    public record Lagging(String maHoSo, String state) {
    }

    /**
     * The reconciliation's work, for registration events that never arrived (a crash between the ledger change and
     * the event): dossiers PMHT has whose links were not reserved yet; registered dossiers health has not seen
     * registered; refused, rejected or failed dossiers still reserving evidence. Reads the ledger's dossier table
     * of the same database.
     */
    public List<Lagging> laggingDossiers(int limit) {
        return inTransaction(c -> {
            List<Lagging> out = new ArrayList<>();
            String fetch = " FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY";
            for (String sql : List.of(
                    "SELECT DISTINCT l.ma_ho_so, d.state FROM health_evidence_link l JOIN dossier d ON d.ma_ho_so = l.ma_ho_so"
                            + " WHERE l.marked_at IS NULL AND d.state IN ('SENT', 'PROCESSING', 'SUPPLEMENT_REQUESTED')" + fetch,
                    "SELECT DISTINCT l.ma_ho_so, d.state FROM health_evidence_link l JOIN dossier d ON d.ma_ho_so = l.ma_ho_so"
                            + " LEFT JOIN health_registration r ON r.ma_ho_so = l.ma_ho_so WHERE d.state IN ('REGISTERED',"
                            + " 'RESULT_DELIVERED') AND (r.last_event IS NULL OR r.last_event <> 'REGISTERED')" + fetch,
                    "SELECT DISTINCT x.reserved_by, d.state FROM (SELECT reserved_by FROM health_birth_certificate"
                            + " WHERE reserved_by IS NOT NULL UNION SELECT reserved_by FROM health_death_notice WHERE"
                            + " reserved_by IS NOT NULL) x JOIN dossier d ON d.ma_ho_so = x.reserved_by"
                            + " WHERE d.state IN ('REFUSED', 'REJECTED', 'FAILED')" + fetch)) {
                try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Lagging(rs.getString(1), rs.getString(2)));
                    }
                }
            }
            return out;
        });
    }

    public void linkMarked(String maHoSo, String kind) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE health_evidence_link SET marked_at = ? WHERE ma_ho_so = ? AND kind = ?")) {
                ps.setTimestamp(1, now());
                ps.setString(2, maHoSo);
                ps.setString(3, kind);
                ps.executeUpdate();
            }
            return null;
        });
    }

    // ---- DHIS2 share-back outbox ----

    /**
     * Claims registered DHIS2 deaths to share back: PENDING ones, and QUEUED ones not confirmed since
     * {@code staleBefore} (their queue message may have been lost). The share-back itself is idempotent.
     */
    public List<PendingPush> claimPendingPushes(Instant staleBefore, int limit) {
        return inTransaction(c -> {
            List<PendingPush> candidates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT d.ma_gbt, d.used_by, d.dhis2_meta_json, r.so_dang_ky,"
                    + " r.ngay_dang_ky FROM health_death_notice d LEFT JOIN health_registration r ON r.ma_ho_so = d.used_by"
                    + " WHERE d.dhis2_push_state = 'PENDING' OR (d.dhis2_push_state = 'QUEUED' AND d.dhis2_push_queued < ?)"
                    + " ORDER BY d.used_at FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY")) {
                ps.setTimestamp(1, Timestamp.from(staleBefore));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(new PendingPush(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5)));
                    }
                }
            }
            List<PendingPush> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE health_death_notice SET dhis2_push_state = 'QUEUED',"
                    + " dhis2_push_queued = ? WHERE ma_gbt = ? AND (dhis2_push_state = 'PENDING'"
                    + " OR (dhis2_push_state = 'QUEUED' AND dhis2_push_queued < ?))")) {
                for (PendingPush p : candidates) {
                    ps.setTimestamp(1, now());
                    ps.setString(2, p.maGBT());
                    ps.setTimestamp(3, Timestamp.from(staleBefore));
                    if (ps.executeUpdate() == 1) {
                        claimed.add(p);
                    }
                }
            }
            return claimed;
        });
    }

    /** PUSHED (DHIS2 confirmed) or REFUSED (DHIS2 refused the update; the reason goes to health.invalid too). */
    public void pushFinished(String maGBT, String state, String reason) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE health_death_notice SET dhis2_push_state = ?,"
                    + " dhis2_pushed_at = ?, dhis2_push_reason = ? WHERE ma_gbt = ?")) {
                ps.setString(1, state);
                ps.setTimestamp(2, now());
                ps.setString(3, reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON));
                ps.setString(4, maGBT);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Optional<String> pushState(String maGBT) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT dhis2_push_state FROM health_death_notice WHERE ma_gbt = ?")) {
                ps.setString(1, maGBT);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    // ---- cursors ----

    public Optional<String> cursor(String name) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT cursor_value FROM health_sync_cursor WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Sets the cursor to {@code value} unless it is already further (ISO timestamps compare as text). */
    public void advanceCursor(String name, String value) {
        inTransaction(c -> {
            String current = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT cursor_value FROM health_sync_cursor WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        current = rs.getString(1);
                    }
                }
            }
            if (current == null) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO health_sync_cursor (name, cursor_value, updated_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, name);
                    ps.setString(2, value);
                    ps.setTimestamp(3, now());
                    ps.executeUpdate();
                }
            } else if (value.compareTo(current) > 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE health_sync_cursor SET cursor_value = ?, updated_at = ? WHERE name = ?")) {
                    ps.setString(1, value);
                    ps.setTimestamp(2, now());
                    ps.setString(3, name);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    // ---- plumbing ----

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private String write(Map<String, String> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialize a record", e);
        }
    }

    private static PayloadCipher.Column recordColumn(EvidenceKind kind) {
        return kind == EvidenceKind.BIRTH ? BIRTH_RECORD : DEATH_RECORD;
    }

    /** A stored record's fields: empty once the retention removed them. */
    private Map<String, String> record(EvidenceKind kind, String key, String stored) {
        return PURGED_RECORD.equals(stored) ? new LinkedHashMap<>() : read(cipher.decryptText(stored, recordColumn(kind), key));
    }

    /** A deceased's ID number kept as a link (kind NKT_ID): "-" once the retention removed it. */
    private String ref(String maHoSo, String kind, String stored) {
        return PURGED_REF.equals(stored) ? stored : cipher.decryptText(stored, LINK_REF, maHoSo, kind);
    }

    private Map<String, String> read(String text) {
        try {
            return json.readValue(text, FIELDS);
        } catch (Exception e) {
            throw new HealthStoreException("unreadable stored record", e);
        }
    }

    static boolean isUniqueViolation(Throwable e) {
        return e instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23");
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    <T> T inTransaction(SqlWork<T> work) {
        return vn.lienthong.gateway.ledger.Transactions.inTransaction(dataSource, work::run,
                e -> new HealthStoreException("evidence database error: " + e.getMessage(), e));
    }
}
