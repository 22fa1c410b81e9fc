package vn.lienthong.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.lienthong.gateway.health.EvidenceStore;
import vn.lienthong.gateway.ledger.DataAtRestMigration;
import vn.lienthong.gateway.ledger.FileStore;
import vn.lienthong.gateway.ledger.Ledger;
import vn.lienthong.gateway.ledger.StatusOutbox;
import vn.lienthong.gateway.platform.DataRekey;
import vn.lienthong.gateway.platform.Database;

/**
 * The re-encryption command on a database upgraded from before encryption was bound to rows: values stored in clear
 * before encryption existed, values of the previous format (enc1:, bound to nothing) and values under an old key
 * are read while the one-off migration is pending, all end up bound under the current key (the old key can then be
 * removed), the migration is recorded, and from then on a clear value written into the database is refused by the
 * running readers and by the command itself (never re-encrypted).
 */
class DataRekeyTest {

    @TempDir
    Path dir;

    @Test
    void unboundAndOldKeyValuesAreRewrittenBoundUnderTheCurrentKeyThenUnboundValuesAreRefused() throws Exception {
        String oldKey = PayloadCipher.newKeyEntry("k2025");
        String newKey = PayloadCipher.newKeyEntry("k2026");
        PayloadCipher before = PayloadCipher.parse(oldKey, null);
        PayloadCipher rotated = PayloadCipher.parse(newKey + "," + oldKey, null);
        PayloadCipher newOnly = PayloadCipher.parse(newKey, null);
        String mother = "001195077777";
        String deceased = "001050077777";
        String url = "jdbc:hsqldb:mem:rekey" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection keepAlive = DriverManager.getConnection(url, "SA", "")) {
            // the schema of the previous release, with what it stored
            Flyway.configure().dataSource(url, "SA", "").locations("classpath:db/migration").outOfOrder(true)
                    .placeholderPrefix("${gateway:").placeholders(Map.of("binary", "BLOB")).target("62").load().migrate();
            insertBirth(keepAlive, "GCS-LEGACY-1", mother, "{\"maGCS\":\"GCS-LEGACY-1\",\"meSoGiayToTuyThan\":\"" + mother
                    + "\",\"meHoTen\":\"Trần Thị Mẫu\"}"); // clear, from before encryption
            try (Statement st = keepAlive.createStatement()) {
                st.executeUpdate("INSERT INTO dossier_payload (ma_ho_so, content_version, received_at, payload) VALUES"
                        + " ('HS-1', 'v1', CURRENT_TIMESTAMP, '" + LegacyValues.version1Text(oldKey,
                        "{\"data\":{\"meSoGiayToTuyThan\":\"" + mother + "\"}}") + "')");
                st.executeUpdate("INSERT INTO health_evidence_link (ma_ho_so, kind, ref, created_at) VALUES ('HS-1', 'NKT_ID', '"
                        + LegacyValues.version1Text(oldKey, deceased) + "', CURRENT_TIMESTAMP)");
                st.executeUpdate("INSERT INTO health_evidence_link (ma_ho_so, kind, ref, created_at) VALUES ('HS-1', 'GCS',"
                        + " 'GCS-LEGACY-1', CURRENT_TIMESTAMP)"); // a certificate number, clear by design
                st.executeUpdate("INSERT INTO status_update (ma_ho_so, seq, trang_thai, dedup_key, state, attempts,"
                        + " created_at, triggered_at) VALUES ('HS-1', 1, 3, 'HS-1|3', 'PENDING', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
                st.executeUpdate("INSERT INTO status_update_body (ma_ho_so, seq, body) VALUES ('HS-1', 1, '{\"trangThai\":3,\"so\":\""
                        + mother + "\"}')");
            }
            FileStore oldStore = new FileStore(dir.resolve("results"), ".pdf", before);
            byte[] v1Pdf = "%PDF-1.4 giấy khai sinh".getBytes(StandardCharsets.UTF_8);
            String v1Sha = FileStore.sha256(v1Pdf);
            write(dir.resolve("results"), v1Sha, LegacyValues.version1(oldKey, v1Pdf));
            byte[] legacyPdf = "%PDF-1.4 legacy".getBytes(StandardCharsets.US_ASCII);
            String legacySha = FileStore.sha256(legacyPdf);
            Path legacyFile = write(dir.resolve("results"), legacySha, legacyPdf);

            try (Database db = new Database(url, "SA", "", 2)) {
                // upgraded with data in it: the migration is pending, nothing was recorded for it
                assertThat(migrationDone(db)).isFalse();
                // bound values under the old key, written by this release before the rotation
                new Ledger(db.dataSource(), Clock.systemUTC(), before).recordPayload("HS-2", "v1", "{\"data\":{}}");
                String sha = oldStore.put("%PDF-1.4 bound, old key".getBytes(StandardCharsets.UTF_8));

                // readers are transparent before the command ran; the running node re-reads the flag at each unbound value
                PayloadCipher running = rotated.acceptingUnboundWhile(DataAtRestMigration.pending(db.dataSource(), Duration.ZERO));
                Ledger ledger = new Ledger(db.dataSource(), Clock.systemUTC(), running);
                EvidenceStore evidence = new EvidenceStore(db.dataSource(), Clock.systemUTC(), running);
                assertThat(evidence.birthsByMother(mother)).hasSize(1);
                assertThat(ledger.payloads("HS-1")).singleElement().satisfies(p -> assertThat(p.payload()).contains(mother));
                assertThat(evidence.links("HS-1")).extracting(EvidenceStore.Link::ref).containsExactly("GCS-LEGACY-1", deceased);
                assertThat(new FileStore(dir.resolve("results"), ".pdf", running).get(legacySha)).hasValue(legacyPdf);

                List<FileStore> stores = List.of(new FileStore(dir.resolve("results"), ".pdf", running));
                Map<String, Integer> done = DataRekey.run(db.dataSource(), running, stores);
                assertThat(done).containsEntry("dossier_payload.payload", 2)
                        .containsEntry("status_update_body.body", 1)
                        .containsEntry("health_evidence_link.ref", 1)
                        .containsEntry("health_birth_certificate.record_json", 1)
                        .containsEntry("health_birth_certificate.me_so_giay_to", 1)
                        .containsEntry(dir.resolve("results").toString(), 3)
                        .containsEntry(DataRekey.MIGRATION, 1)
                        .doesNotContainKeys("unreadable:dossier_payload.payload");
                assertThat(migrationDone(db)).isTrue();

                // the old key can go: everything opens with the new key alone, strictly (no unbound value left)
                assertThat(new Ledger(db.dataSource(), Clock.systemUTC(), newOnly).payloads("HS-1")).singleElement()
                        .satisfies(p -> assertThat(p.payload()).contains(mother));
                assertThat(new StatusOutbox(new Ledger(db.dataSource(), Clock.systemUTC(), newOnly)).nextPending("HS-1"))
                        .hasValueSatisfying(u -> assertThat(u.body()).contains(mother));
                EvidenceStore strict = new EvidenceStore(db.dataSource(), Clock.systemUTC(), newOnly);
                assertThat(strict.birthsByMother(mother)).singleElement()
                        .satisfies(s -> assertThat(s.fields()).containsEntry("meHoTen", "Trần Thị Mẫu"));
                assertThat(strict.links("HS-1")).extracting(EvidenceStore.Link::ref).containsExactly("GCS-LEGACY-1", deceased);
                FileStore after = new FileStore(dir.resolve("results"), ".pdf", newOnly);
                assertThat(after.get(sha)).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).endsWith("old key"));
                assertThat(after.get(v1Sha)).hasValue(v1Pdf);
                assertThat(after.get(legacySha)).hasValue(legacyPdf);
                assertThat(Files.readString(legacyFile, StandardCharsets.ISO_8859_1)).doesNotContain("%PDF");

                Path dump = dir.resolve("dump.sql");
                try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                    st.execute("SCRIPT '" + dump + "'");
                }
                assertThat(Files.readString(dump, StandardCharsets.UTF_8)).doesNotContain(mother).doesNotContain(deceased)
                        .doesNotContain("enc1:");

                // nothing left to do the second time
                assertThat(DataRekey.run(db.dataSource(), running, stores).values()).containsOnly(0);

                // a clear record written into the database now is an intrusion: the running reader refuses it at once,
                // naming the column and row, never its content; the command does not launder it into a bound value
                insertBirth(keepAlive, "GCS-FORGED-1", mother, "{\"maGCS\":\"GCS-FORGED-1\",\"meHoTen\":\"Kẻ Giả Mạo\"}");
                assertThatThrownBy(() -> evidence.find(vn.lienthong.gateway.health.EvidenceKind.BIRTH, "GCS-FORGED-1"))
                        .isInstanceOf(PayloadCipher.CipherException.class)
                        .hasMessageContaining("health_birth_certificate.record_json of row GCS-FORGED-1")
                        .hasMessageContaining("not encrypted").hasMessageNotContaining("Giả Mạo");
                Map<String, Integer> again = DataRekey.run(db.dataSource(), running, stores);
                assertThat(again).containsEntry("unreadable:health_birth_certificate.record_json", 1)
                        .containsEntry("health_birth_certificate.record_json", 0).containsEntry(DataRekey.MIGRATION, 0);
                try (Statement st = keepAlive.createStatement(); var rs = st.executeQuery(
                        "SELECT record_json FROM health_birth_certificate WHERE ma_gcs = 'GCS-FORGED-1'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).startsWith("{");
                }
            }
        }
    }

    private static boolean migrationDone(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            return DataAtRestMigration.done(c);
        }
    }

    private static void insertBirth(Connection c, String maGCS, String mother, String recordJson) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO health_birth_certificate (ma_gcs, me_so_giay_to, nks_ngay_sinh, source, record_json,"
                        + " revision, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)")) {
            ps.setString(1, maGCS);
            ps.setString(2, mother);
            ps.setString(3, "2026-07-05");
            ps.setString(4, "HIS-HTTP");
            ps.setString(5, recordJson);
            ps.setTimestamp(6, Timestamp.from(Instant.now()));
            ps.setTimestamp(7, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
    }

    private static Path write(Path root, String sha, byte[] content) throws Exception {
        Path file = root.resolve(sha.substring(0, 2)).resolve(sha + ".pdf");
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return file;
    }
}
