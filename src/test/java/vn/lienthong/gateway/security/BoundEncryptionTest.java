package vn.lienthong.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.lienthong.gateway.health.EvidenceKind;
import vn.lienthong.gateway.health.EvidenceRules;
import vn.lienthong.gateway.health.EvidenceStore;
import vn.lienthong.gateway.ledger.FileStore;
import vn.lienthong.gateway.ledger.Ledger;
import vn.lienthong.gateway.ledger.ResultRecords;
import vn.lienthong.gateway.ledger.StatusOutbox;
import vn.lienthong.gateway.platform.Database;
import vn.lienthong.gateway.support.HospitalRecords;

/**
 * Every encrypted column is bound to its row: a value copied through SQL to another row of the same dossier, to
 * another dossier or certificate, is refused by its reader naming the column and row, never served as the other
 * row's data. On a new database (nothing stored before: the data-at-rest migration is recorded at once) a value
 * written through SQL in clear, or in the previous format bound to nothing, is refused too.
 */
class BoundEncryptionTest {

    static final String ID_A = "001195066661";
    static final String ID_B = "001195066662";

    @TempDir
    Path dir;

    Database db;
    String keyEntry;
    PayloadCipher cipher;

    @BeforeEach
    void database() {
        db = new Database("jdbc:hsqldb:mem:bound" + UUID.randomUUID().toString().substring(0, 8), "SA", "", 2);
        keyEntry = PayloadCipher.newKeyEntry("k1");
        cipher = PayloadCipher.parse(keyEntry, null);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aValueCopiedToAnotherRowOrDossierThroughSqlIsRefusedWhereverItLands() throws Exception {
        Ledger ledger = new Ledger(db.dataSource(), Clock.systemUTC(), cipher);
        // dossier payloads: to another dossier, and to another version of the same dossier
        ledger.recordPayload("HS-A", "v1", "{\"meSoGiayToTuyThan\":\"" + ID_A + "\"}");
        ledger.recordPayload("HS-A", "v2", "{\"meSoGiayToTuyThan\":\"" + ID_A + "\",\"v\":2}");
        ledger.recordPayload("HS-B", "v1", "{\"meSoGiayToTuyThan\":\"" + ID_B + "\"}");
        assertThat(ledger.payloads("HS-B")).singleElement().satisfies(p -> assertThat(p.payload()).contains(ID_B));
        copy("dossier_payload", "payload", "ma_ho_so = 'HS-A' AND content_version = 'v1'", "ma_ho_so = 'HS-B'");
        refused(() -> ledger.payloads("HS-B"), "dossier_payload.payload of row HS-B/v1", ID_A);
        copy("dossier_payload", "payload", "ma_ho_so = 'HS-A' AND content_version = 'v1'", "ma_ho_so = 'HS-A' AND content_version = 'v2'");
        refused(() -> ledger.payloads("HS-A"), "dossier_payload.payload of row HS-A/v2", ID_A);

        // DVCLT status bodies: a sent update's body onto the pending one
        StatusOutbox outbox = new StatusOutbox(ledger);
        assertThat(outbox.add("HS-A", 4, "HS-A|4", "{\"soDinhDanh\":\"" + ID_A + "\"}", null, null)).isTrue();
        assertThat(outbox.add("HS-A", 5, "HS-A|5", "{\"trangThai\":5}", null, null)).isTrue();
        StatusOutbox.Update first = outbox.claimNext("HS-A", "node", Duration.ofSeconds(25)).orElseThrow();
        outbox.markSent(first.maHoSo(), first.seq());
        copy("status_update_body", "body", "ma_ho_so = 'HS-A' AND seq = 1", "ma_ho_so = 'HS-A' AND seq = 2");
        refused(() -> outbox.claimNext("HS-A", "node", Duration.ofSeconds(25)), "status_update_body.body of row HS-A/2", ID_A);

        // the registration's ID number: to another dossier's result
        ResultRecords results = new ResultRecords(ledger);
        results.save(new ResultRecords.Result("HS-A", "v1", "giayKhaiSinh", "a".repeat(64), 10, ID_A, "1", "01", "1", "2026-07-06"));
        results.save(new ResultRecords.Result("HS-B", "v1", "giayKhaiSinh", "b".repeat(64), 10, ID_B, "2", "01", "2", "2026-07-06"));
        assertThat(results.find("HS-B")).hasValueSatisfying(r -> assertThat(r.soDinhDanh()).isEqualTo(ID_B));
        copy("civil_result", "so_dinh_danh", "ma_ho_so = 'HS-A'", "ma_ho_so = 'HS-B'");
        refused(() -> results.find("HS-B"), "civil_result.so_dinh_danh of row HS-B", ID_A);

        // hospital records: to another certificate; a deceased's ID number: to another dossier's link
        EvidenceStore evidence = new EvidenceStore(db.dataSource(), Clock.systemUTC(), cipher);
        EvidenceRules rules = new EvidenceRules(Clock.fixed(Instant.parse("2026-07-20T03:00:00Z"), ZoneOffset.UTC));
        evidence.save(rules.check(EvidenceKind.BIRTH, HospitalRecords.birthCertificate("GCS-A", ID_A)), "HIS-HTTP", null);
        evidence.save(rules.check(EvidenceKind.BIRTH, HospitalRecords.birthCertificate("GCS-B", ID_B)), "HIS-HTTP", null);
        assertThat(evidence.find(EvidenceKind.BIRTH, "GCS-B")).hasValueSatisfying(s -> assertThat(s.fields()).containsEntry("maGCS", "GCS-B"));
        copy("health_birth_certificate", "record_json", "ma_gcs = 'GCS-A'", "ma_gcs = 'GCS-B'");
        refused(() -> evidence.find(EvidenceKind.BIRTH, "GCS-B"), "health_birth_certificate.record_json of row GCS-B", ID_A);
        evidence.link("HS-A", "NKT_ID", ID_A);
        evidence.link("HS-B", "NKT_ID", ID_B);
        copy("health_evidence_link", "ref", "ma_ho_so = 'HS-A'", "ma_ho_so = 'HS-B'");
        refused(() -> evidence.links("HS-B"), "health_evidence_link.ref of row HS-B/NKT_ID", ID_A);
        assertThat(evidence.links("HS-A")).extracting(EvidenceStore.Link::ref).containsExactly(ID_A); // the original reads

        // files: a certificate's bytes under another certificate's name
        FileStore files = new FileStore(dir, ".pdf", cipher);
        String a = files.put(("%PDF-1.4 " + ID_A).getBytes(StandardCharsets.UTF_8));
        String b = files.put(("%PDF-1.4 " + ID_B).getBytes(StandardCharsets.UTF_8));
        Files.copy(dir.resolve(a.substring(0, 2)).resolve(a + ".pdf"), dir.resolve(b.substring(0, 2)).resolve(b + ".pdf"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        refused(() -> files.get(b), b, ID_A);
    }

    @Test
    void aStatusBodyThatCannotBeReadDoesNotUndoTheSentMarkBeforeIt() throws Exception {
        StatusOutbox outbox = new StatusOutbox(new Ledger(db.dataSource(), Clock.systemUTC(), cipher));
        assertThat(outbox.add("HS-E", 1, "HS-E|1", "{\"soDinhDanh\":\"" + ID_A + "\"}", null, null)).isTrue();
        assertThat(outbox.add("HS-E", 3, "HS-E|3", "{\"trangThai\":3}", null, null)).isTrue();
        copy("status_update_body", "body", "ma_ho_so = 'HS-E' AND seq = 1", "ma_ho_so = 'HS-E' AND seq = 2");
        // the pass reads both rows; only the claimed one's body is decrypted
        StatusOutbox.Claim first = outbox.claim("HS-E", "node", Duration.ofSeconds(25));
        assertThat(first.update()).get().extracting(StatusOutbox.Update::seq).isEqualTo(1);
        // the relay's step once DVCLT took update 1: mark it and claim the next, whose body is refused. DVCLT has 1:
        // its mark must stand, or the trigger's redelivery would send it again
        refused(() -> outbox.markSentAndClaimNext(first, "node", Duration.ofSeconds(25)),
                "status_update_body.body of row HS-E/2", ID_A);
        assertThat(outbox.history("HS-E")).containsExactly("1:SENT", "3:PENDING");
    }

    @Test
    void aClearOrOldFormatValueWrittenThroughSqlIntoANewDatabaseIsRefused() throws Exception {
        // the stores as tools build them: no key of the gateway's, the migration state read from the database
        Ledger ledger = new Ledger(db.dataSource(), Clock.systemUTC());
        EvidenceStore evidence = new EvidenceStore(db.dataSource(), Clock.systemUTC());
        sql("INSERT INTO dossier_payload (ma_ho_so, content_version, received_at, payload) VALUES ('HS-C', 'v1',"
                + " CURRENT_TIMESTAMP, '{\"meSoGiayToTuyThan\":\"" + ID_A + "\"}')");
        refused(() -> ledger.payloads("HS-C"), "dossier_payload.payload of row HS-C/v1", ID_A);
        sql("INSERT INTO health_evidence_link (ma_ho_so, kind, ref, created_at) VALUES ('HS-C', 'NKT_ID', '" + ID_A
                + "', CURRENT_TIMESTAMP)");
        refused(() -> evidence.links("HS-C"), "health_evidence_link.ref of row HS-C/NKT_ID", ID_A);

        // the previous format under the gateway's own key: bound to nothing, so refused as well
        Ledger keyed = new Ledger(db.dataSource(), Clock.systemUTC(), cipher);
        sql("INSERT INTO dossier_payload (ma_ho_so, content_version, received_at, payload) VALUES ('HS-D', 'v1',"
                + " CURRENT_TIMESTAMP, '" + LegacyValues.version1Text(keyEntry, "{\"meSoGiayToTuyThan\":\"" + ID_B + "\"}") + "')");
        refused(() -> keyed.payloads("HS-D"), "dossier_payload.payload of row HS-D/v1", ID_B);
    }

    private void refused(ThrowingCallable read, String where, String secret) {
        assertThatThrownBy(read).isInstanceOf(PayloadCipher.CipherException.class).hasMessageContaining(where)
                .hasMessageNotContaining(secret);
    }

    /** UPDATE table SET column = (the value of the row matching {@code from}) WHERE {@code to}. */
    private void copy(String table, String column, String from, String to) throws Exception {
        assertThat(sql("UPDATE " + table + " SET " + column + " = (SELECT " + column + " FROM " + table + " WHERE " + from
                + ") WHERE " + to)).isEqualTo(1);
    }

    private int sql(String statement) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            return ps.executeUpdate();
        }
    }
}
