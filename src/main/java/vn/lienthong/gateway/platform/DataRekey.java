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
import vn.lienthong.gateway.ledger.FileStore;
import vn.lienthong.gateway.security.PayloadCipher;

/**
 * Re-encryption of personal data at rest with the current data key (key rotation, and data stored before encryption
 * existed): every encrypted column and file not under the current key is decrypted with whichever configured key
 * wrote it and encrypted again; ID-number indexes are recomputed under the current key. Idempotent, row by row,
 * safe while the gateway runs. Run with the gateway's environment (same DB_URL, DATA_KEYS, RESULT_STORE_DIR...):
 * {@code java -cp "target/lienthong-gateway.jar:target/lib/*" vn.lienthong.gateway.platform.DataRekey}.
 */
public final class DataRekey {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An encrypted text column and the primary key of its table. */
    private record Column(String table, List<String> key, String column, String where) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("dossier_payload", List.of("id"), "payload", null),
            new Column("civil_result", List.of("ma_ho_so"), "so_dinh_danh", null),
            new Column("status_update_body", List.of("ma_ho_so", "seq"), "body", "body <> '{}'"),
            new Column("health_birth_certificate", List.of("ma_gcs"), "record_json", "record_json <> '{}'"),
            new Column("health_death_notice", List.of("ma_gbt"), "record_json", "record_json <> '{}'"),
            new Column("health_evidence_link", List.of("ma_ho_so", "kind"), "ref", "kind = 'NKT_ID' AND ref <> '-'"));

    private DataRekey() {
    }

    public static void main(String[] args) throws Exception {
        GatewayConfig config = GatewayConfig.fromEnvironment();
        PayloadCipher cipher = DataKeys.cipher(config);
        try (Database database = new Database(config.dbUrl(), config.dbUser(), config.dbPassword(), 2,
                config.getLong("DB_CONNECTION_TIMEOUT_MS", 5_000), config.get("DB_SCHEMA", null))) {
            Map<String, Integer> done = run(database.dataSource(), cipher, List.of(
                    new FileStore(Path.of(config.get("RESULT_STORE_DIR", config.dataDir().resolve("results").toString())), ".pdf", cipher),
                    new FileStore(Path.of(config.get("CIVIL_AWAITING_DIR", config.dataDir().resolve("awaiting").toString())), ".json", cipher)));
            System.out.println("Re-encrypted with data key '" + cipher.currentKeyId() + "': " + done);
        }
    }

    /** Re-encrypts every column and file; returns how many values were rewritten per table/column/store. */
    public static Map<String, Integer> run(DataSource dataSource, PayloadCipher cipher, List<FileStore> stores) throws SQLException {
        Map<String, Integer> done = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            for (Column col : COLUMNS) {
                done.put(col.table() + "." + col.column(), reencrypt(c, cipher, col));
            }
            done.put("health_birth_certificate.me_so_giay_to", reindex(c, cipher, "health_birth_certificate", "ma_gcs",
                    "me_so_giay_to", "meSoGiayToTuyThan"));
            done.put("health_death_notice.nkt_so_giay_to", reindex(c, cipher, "health_death_notice", "ma_gbt",
                    "nkt_so_giay_to", "nktSoGiayToTuyThan"));
        }
        for (FileStore store : stores) {
            done.put(store.root().toString(), store.reencrypt());
        }
        return done;
    }

    private static int reencrypt(Connection c, PayloadCipher cipher, Column col) throws SQLException {
        String keys = String.join(", ", col.key());
        List<Object[]> stale = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + keys + ", " + col.column() + " FROM " + col.table()
                + " WHERE " + col.column() + " IS NOT NULL" + (col.where() == null ? "" : " AND " + col.where()));
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
        String match = String.join(" AND ", col.key().stream().map(k -> k + " = ?").toList());
        try (PreparedStatement up = c.prepareStatement("UPDATE " + col.table() + " SET " + col.column() + " = ? WHERE "
                + match + " AND " + col.column() + " = ?")) {
            for (Object[] row : stale) {
                String old = (String) row[row.length - 1];
                up.setString(1, cipher.encryptText(cipher.decryptText(old)));
                for (int i = 0; i < col.key().size(); i++) {
                    up.setObject(i + 2, row[i]);
                }
                up.setString(col.key().size() + 2, old);
                n += up.executeUpdate(); // 0 when the row changed meanwhile: it was written with the current key
            }
        }
        return n;
    }

    /** Recomputes an ID-number index from the (decrypted) record under the current key. */
    private static int reindex(Connection c, PayloadCipher cipher, String table, String key, String column, String field)
            throws SQLException {
        Map<String, String> wanted = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + key + ", " + column + ", record_json FROM " + table
                + " WHERE record_json <> '{}'");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = idOf(cipher.decryptText(rs.getString(3)), field);
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
