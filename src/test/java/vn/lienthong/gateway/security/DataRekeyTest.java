package vn.lienthong.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.lienthong.gateway.health.EvidenceStore;
import vn.lienthong.gateway.ledger.FileStore;
import vn.lienthong.gateway.ledger.Ledger;
import vn.lienthong.gateway.platform.DataRekey;
import vn.lienthong.gateway.platform.Database;

/**
 * The re-encryption command: rows and files stored in clear before encryption existed, and values under an old key,
 * all end up under the current key (the old key can then be removed) while every reader keeps answering.
 */
class DataRekeyTest {

    @TempDir
    Path dir;

    @Test
    void legacyClearDataAndOldKeyValuesAreRewrittenUnderTheCurrentKey() throws Exception {
        String oldKey = PayloadCipher.newKeyEntry("k2025");
        String newKey = PayloadCipher.newKeyEntry("k2026");
        PayloadCipher before = PayloadCipher.parse(oldKey, null);
        PayloadCipher rotated = PayloadCipher.parse(newKey + "," + oldKey, null);
        PayloadCipher newOnly = PayloadCipher.parse(newKey, null);
        String mother = "001195077777";
        String url = "jdbc:hsqldb:mem:rekey" + UUID.randomUUID().toString().substring(0, 8);
        try (Database db = new Database(url, "SA", "", 2)) {
            // under the old key
            new Ledger(db.dataSource(), Clock.systemUTC(), before).recordPayload("HS-1", "v1",
                    "{\"data\":{\"meSoGiayToTuyThan\":\"" + mother + "\"}}");
            FileStore oldStore = new FileStore(dir.resolve("results"), ".pdf", before);
            String sha = oldStore.put("%PDF-1.4 giấy khai sinh".getBytes(StandardCharsets.UTF_8));
            // in clear, as stored before encryption existed
            byte[] legacyPdf = "%PDF-1.4 legacy".getBytes(StandardCharsets.US_ASCII);
            String legacySha = FileStore.sha256(legacyPdf);
            Path legacyFile = dir.resolve("results").resolve(legacySha.substring(0, 2)).resolve(legacySha + ".pdf");
            Files.createDirectories(legacyFile.getParent());
            Files.write(legacyFile, legacyPdf);
            try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO health_birth_certificate (ma_gcs, me_so_giay_to, nks_ngay_sinh, source, record_json,"
                            + " revision, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)")) {
                ps.setString(1, "GCS-LEGACY-1");
                ps.setString(2, mother);
                ps.setString(3, "2026-07-05");
                ps.setString(4, "HIS-HTTP");
                ps.setString(5, "{\"maGCS\":\"GCS-LEGACY-1\",\"meSoGiayToTuyThan\":\"" + mother + "\",\"meHoTen\":\"Trần Thị Mẫu\"}");
                ps.setTimestamp(6, Timestamp.from(Instant.now()));
                ps.setTimestamp(7, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
            // readers are transparent before the command ran
            assertThat(new EvidenceStore(db.dataSource(), Clock.systemUTC(), rotated).birthsByMother(mother)).hasSize(1);

            List<FileStore> stores = List.of(new FileStore(dir.resolve("results"), ".pdf", rotated));
            Map<String, Integer> done = DataRekey.run(db.dataSource(), rotated, stores);
            assertThat(done).containsEntry("dossier_payload.payload", 1)
                    .containsEntry("health_birth_certificate.record_json", 1)
                    .containsEntry("health_birth_certificate.me_so_giay_to", 1)
                    .containsEntry(dir.resolve("results").toString(), 2);

            // the old key can go: everything opens with the new key alone
            assertThat(new Ledger(db.dataSource(), Clock.systemUTC(), newOnly).payloads("HS-1")).singleElement()
                    .satisfies(p -> assertThat(p.payload()).contains(mother));
            EvidenceStore evidence = new EvidenceStore(db.dataSource(), Clock.systemUTC(), newOnly);
            assertThat(evidence.birthsByMother(mother)).singleElement()
                    .satisfies(s -> assertThat(s.fields()).containsEntry("meHoTen", "Trần Thị Mẫu"));
            FileStore after = new FileStore(dir.resolve("results"), ".pdf", newOnly);
            assertThat(after.get(sha)).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).endsWith("giấy khai sinh"));
            assertThat(after.get(legacySha)).hasValue(legacyPdf);
            assertThat(Files.readString(legacyFile, StandardCharsets.ISO_8859_1)).doesNotContain("%PDF");

            Path dump = dir.resolve("dump.sql");
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("SCRIPT '" + dump + "'");
            }
            assertThat(Files.readString(dump, StandardCharsets.UTF_8)).doesNotContain(mother);

            // nothing left to do the second time
            assertThat(DataRekey.run(db.dataSource(), rotated, stores).values()).containsOnly(0);
        }
    }
}
