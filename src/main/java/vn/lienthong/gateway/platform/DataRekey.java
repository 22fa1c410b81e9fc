package vn.lienthong.gateway.platform;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import vn.lienthong.gateway.ledger.DataAtRestMigration;
import vn.lienthong.gateway.ledger.FileStore;
import vn.lienthong.gateway.security.PayloadCipher;

/**
 * Re-encryption of personal data at rest with the current data key, bound to where each value is stored (key
 * rotation, and the one-off migration of values stored before encryption was bound to rows: clear, or {@code enc1:}):
 * every encrypted column and file not bound under the current key is decrypted with whichever configured key wrote
 * it and encrypted again for its table, column and row; ID-number indexes are recomputed under the current key.
 * Idempotent, row by row, safe while the gateway runs. When nothing unbound is left it records the migration
 * ({@code data_at_rest_migration}): from then on unbound values are refused, here too (never re-encrypted: a clear
 * value written into the database afterwards is an intrusion, not data to launder). Run with the gateway's environment
 * (same DB_URL, DATA_KEYS, RESULT_STORE_DIR...):
 * {@code java -cp "target/lienthong-gateway.jar:target/lib/*" vn.lienthong.gateway.platform.DataRekey}.
 */
public final class DataRekey {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The entry of {@link #run}'s answer telling whether this run recorded the migration (1) or not (0). */
    public static final String MIGRATION = "data_at_rest_migration";

    /** An encrypted text column and the key its values are bound to (the row's natural key, see docs/security.md). */
    private record Column(String table, List<String> key, String column, String where) {
        PayloadCipher.Column bound() {
            return PayloadCipher.Column.of(table, column);
        }

        String name() {
            return table + "." + column;
        }

        String filter() {
            return column + " IS NOT NULL" + (where == null ? "" : " AND " + where);
        }
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("dossier_payload", List.of("ma_ho_so", "content_version"), "payload", null),
            new Column("civil_result", List.of("ma_ho_so"), "so_dinh_danh", null),
            new Column("status_update_body", List.of("ma_ho_so", "seq"), "body", "body <> '{}'"),
            new Column("health_birth_certificate", List.of("ma_gcs"), "record_json", "record_json <> '{}'"),
            new Column("health_death_notice", List.of("ma_gbt"), "record_json", "record_json <> '{}'"),
            new Column("health_evidence_link", List.of("ma_ho_so", "kind"), "ref", "kind = 'NKT_ID' AND ref <> '-'"));

    private DataRekey() {
    }

    public static void main(String[] args) throws Exception {
        GatewayConfig config = GatewayConfig.fromEnvironment();
        PayloadCipher keys = DataKeys.cipher(config);
        try (Database database = new Database(config.dbUrl(), config.dbUser(), config.dbPassword(), 2,
                config.getLong("DB_CONNECTION_TIMEOUT_MS", 5_000), config.get("DB_SCHEMA", null))) {
            PayloadCipher cipher = keys.acceptingUnboundWhile(DataAtRestMigration.pending(database.dataSource()));
            Map<String, Integer> done = run(database.dataSource(), cipher, List.of(
                    new FileStore(Path.of(config.get("RESULT_STORE_DIR", config.dataDir().resolve("results").toString())), ".pdf", cipher),
                    new FileStore(Path.of(config.get("CIVIL_AWAITING_DIR", config.dataDir().resolve("awaiting").toString())), ".json", cipher)));
            System.out.println("Re-encrypted with data key '" + cipher.currentKeyId() + "': " + done);
            try (Connection c = database.dataSource().getConnection()) {
                System.out.println(DataAtRestMigration.done(c)
                        ? "Data-at-rest migration recorded: values not bound to their row are refused from now on (running nodes within "
                        + DataAtRestMigration.RECHECK.toSeconds() + " s)."
                        : "Data-at-rest migration NOT recorded: some values could not be re-encrypted (see 'unreadable' above); fix or"
                        + " remove them and run again.");
            }
        }
    }

    /**
     * Re-encrypts every column and file; returns how many values were rewritten per table/column/store, how many
     * could not be read ({@code unreadable:<table.column>}, only when some) and {@link #MIGRATION}: 1 when this run
     * recorded the migration. {@code cipher} should accept unbound values while the migration is pending
     * ({@link DataAtRestMigration#pending}); the stores should use the same cipher.
     */
    public static Map<String, Integer> run(DataSource dataSource, PayloadCipher cipher, List<FileStore> stores) throws SQLException {
        Map<String, Integer> done = new LinkedHashMap<>();
        int unreadable = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            for (Column col : COLUMNS) {
                int[] n = reencrypt(c, cipher, col);
                done.put(col.name(), n[0]);
                if (n[1] > 0) {
                    done.put("unreadable:" + col.name(), n[1]);
                    unreadable += n[1];
                }
            }
            done.put("health_birth_certificate.me_so_giay_to", reindex(c, cipher, "health_birth_certificate", "ma_gcs",
                    "me_so_giay_to", "meSoGiayToTuyThan", COLUMNS.get(3).bound()));
            done.put("health_death_notice.nkt_so_giay_to", reindex(c, cipher, "health_death_notice", "ma_gbt",
                    "nkt_so_giay_to", "nktSoGiayToTuyThan", COLUMNS.get(4).bound()));
        }
        for (FileStore store : stores) {
            try {
                done.put(store.root().toString(), store.reencrypt());
            } catch (PayloadCipher.CipherException e) {
                done.put("unreadable:" + store.root(), 1); // this store's remaining files wait for the next run
                unreadable++;
                System.err.println("unreadable: " + e.getMessage());
            }
        }
        int recorded = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            if (unreadable == 0 && unboundLeft(c) == 0) {
                recorded = DataAtRestMigration.markDone(c, java.time.Instant.now(), "DataRekey: " + done) ? 1 : 0;
            }
        }
        done.put(MIGRATION, recorded);
        return done;
    }

    /** Values not in the bound format, over every column (files were all rewritten above, or the run failed). */
    private static int unboundLeft(Connection c) throws SQLException {
        int n = 0;
        for (Column col : COLUMNS) {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + col.table() + " WHERE " + col.filter()
                    + " AND " + col.column() + " NOT LIKE '" + PayloadCipher.TEXT_PREFIX + "%'");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                n += rs.getInt(1);
            }
        }
        return n;
    }

    /** {rewritten, unreadable}. */
    private static int[] reencrypt(Connection c, PayloadCipher cipher, Column col) throws SQLException {
        String keys = String.join(", ", col.key());
        List<Object[]> stale = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + keys + ", " + col.column() + " FROM " + col.table()
                + " WHERE " + col.filter());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String value = rs.getString(col.key().size() + 1);
                if (!cipher.isCurrentText(value)) {
                    Object[] row = new Object[col.key().size() + 1];
                    for (int i = 0; i < col.key().size(); i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    row[col.key().size()] = value;
                    stale.add(row);
                }
            }
        }
        int n = 0;
        int unreadable = 0;
        PayloadCipher.Column bound = col.bound();
        String match = String.join(" AND ", col.key().stream().map(k -> k + " = ?").toList());
        try (PreparedStatement up = c.prepareStatement("UPDATE " + col.table() + " SET " + col.column() + " = ? WHERE "
                + match + " AND " + col.column() + " = ?")) {
            for (Object[] row : stale) {
                String old = (String) row[row.length - 1];
                String[] rowKey = new String[col.key().size()];
                for (int i = 0; i < rowKey.length; i++) {
                    rowKey[i] = String.valueOf(row[i]);
                }
                String clear;
                try {
                    clear = cipher.decryptText(old, bound, rowKey);
                } catch (PayloadCipher.CipherException e) {
                    unreadable++; // the message names the column and row, never the value
                    System.err.println("unreadable: " + e.getMessage());
                    continue;
                }
                up.setString(1, cipher.encryptText(clear, bound, rowKey));
                for (int i = 0; i < rowKey.length; i++) {
                    up.setObject(i + 2, row[i]);
                }
                up.setString(rowKey.length + 2, old);
                n += up.executeUpdate(); // 0 when the row changed meanwhile: it was written bound, with the current key
            }
        }
        return new int[] {n, unreadable};
    }

    /** Recomputes an ID-number index from the (decrypted) record under the current key. */
    private static int reindex(Connection c, PayloadCipher cipher, String table, String key, String column, String field,
                               PayloadCipher.Column record) throws SQLException {
        Map<String, String> wanted = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + key + ", " + column + ", record_json FROM " + table
                + " WHERE record_json <> '{}'");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id;
                try {
                    id = idOf(cipher.decryptText(rs.getString(3), record, rs.getString(1)), field);
                } catch (PayloadCipher.CipherException e) {
                    continue; // counted as unreadable by the re-encryption
                }
                String index = id == null ? null : cipher.index(id);
                if (index != null && !index.equals(rs.getString(2))) {
                    wanted.put(rs.getString(1), index);
                }
            }
        }
        int n = 0;
        try (PreparedStatement up = c.prepareStatement("UPDATE " + table + " SET " + column + " = ? WHERE " + key + " = ?")) {
            for (Map.Entry<String, String> e : wanted.entrySet()) {
                up.setString(1, e.getValue());
                up.setString(2, e.getKey());
                n += up.executeUpdate();
            }
        }
        return n;
    }

    private static String idOf(String recordJson, String field) {
        try {
            JsonNode n = JSON.readTree(recordJson).path(field);
            return n.isTextual() && !n.asText().isBlank() ? n.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
