package vn.lienthong.gateway.civil;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.lienthong.gateway.ledger.FileStore;
import vn.lienthong.gateway.ledger.Ledger;
import vn.lienthong.gateway.ledger.ResultRecords;
import vn.lienthong.gateway.platform.Database;
import vn.lienthong.gateway.sandbox.MinimalPdf;

/** The certificate checks on real storage: a whole PDF within the limit is stored once; anything else is refused with why. */
class ResultCertificatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    ResultCertificates certificates;
    ResultRecords records;
    FileStore store;

    @BeforeEach
    void setUp() {
        Database db = new Database("jdbc:hsqldb:mem:rc" + UUID.randomUUID() + ";hsqldb.tx=mvcc", "SA", "", 2);
        Ledger ledger = new Ledger(db.dataSource(), Clock.systemUTC());
        records = new ResultRecords(ledger);
        store = new FileStore(dir, ".pdf");
        certificates = new ResultCertificates(store, records, 4096);
    }

    private static ObjectNode result(String field, byte[] file) {
        ObjectNode r = JSON.createObjectNode();
        r.put("soDinhDanh", "001226000001");
        r.put("soDangKy", "101");
        r.put("quyenSo", "01/2026");
        r.put("trangSo", "1");
        r.put("ngayDangKy", "27.11.2026");
        r.put(field, Base64.getEncoder().encodeToString(file));
        return r;
    }

    @Test
    void aWholePdfIsStoredByItsHashWithTheRegistrationFacts() throws Exception {
        byte[] pdf = MinimalPdf.of("test");
        ResultCertificates.Stored s = certificates.store("A-1", "v1", JSON.valueToTree(result("giayKhaiSinh", pdf).toString()));
        assertThat(s).isInstanceOf(ResultCertificates.Stored.Ok.class);
        ResultCertificates.Stored.Ok ok = (ResultCertificates.Stored.Ok) s;
        assertThat(ok.sha256()).isEqualTo(FileStore.sha256(pdf));
        assertThat(ok.facts()).containsEntry("soDangKy", "101").doesNotContainKey("giayKhaiSinh");
        assertThat(certificates.certificate("A-1")).isEqualTo(pdf);
        assertThat(records.find("A-1").orElseThrow().quyenSo()).isEqualTo("01/2026");
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).singleElement()
                    .satisfies(p -> assertThat(p.getFileName().toString()).isEqualTo(ok.sha256() + ".pdf"));
        }
    }

    @Test
    void corruptResultsAreRefusedWithTheReasonAndNothingIsStored() throws Exception {
        byte[] pdf = MinimalPdf.of("test");
        assertThat(reason(result("giayKhaiTu", "not a pdf at all".getBytes(StandardCharsets.UTF_8)))).contains("not a PDF");
        assertThat(reason(result("giayKhaiTu", Arrays.copyOf(pdf, pdf.length - 20)))).contains("truncated");
        assertThat(reason(result("giayKhaiTu", new byte[5000]))).contains("larger than");
        ObjectNode badBase64 = result("giayKhaiSinh", pdf);
        badBase64.put("giayKhaiSinh", "%%%not base64%%%");
        assertThat(reason(badBase64)).contains("not valid base64");
        ObjectNode none = result("giayKhaiSinh", pdf);
        none.remove("giayKhaiSinh");
        assertThat(reason(none)).contains("no giayKhaiSinh or giayKhaiTu");
        assertThat(((ResultCertificates.Stored.Bad) certificates.store("B", "v", JSON.getNodeFactory().textNode("{oops")))
                .reason()).contains("not JSON");
        assertThat(certificates.certificate("B")).isNull();
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void eachModuleIsReadFromItsFieldOrItsOnlyPdf() throws Exception {
        byte[] pdf = MinimalPdf.of("test");
        // named by DOMAIN.md F4: a death result must be giayKhaiTu
        assertThat(((ResultCertificates.Stored.Bad) certificates.store("D", "v", "LTKT", result("giayKhaiSinh", pdf)))
                .reason()).contains("module LTKT has no giayKhaiTu");
        ResultCertificates.Stored.Ok death = (ResultCertificates.Stored.Ok) certificates.store("D", "v", "LTKT",
                result("giayKhaiTu", pdf));
        assertThat(death.fieldInferred()).isFalse();
        // not named for HN: the single PDF field is the certificate, and which one is recorded
        ResultCertificates.Stored s = certificates.store("H-1", "v", "HN", result("giayXacNhan", pdf));
        assertThat(s).isInstanceOf(ResultCertificates.Stored.Ok.class);
        ResultCertificates.Stored.Ok ok = (ResultCertificates.Stored.Ok) s;
        assertThat(ok.documentField()).isEqualTo("giayXacNhan");
        assertThat(ok.fieldInferred()).isTrue();
        assertThat(ok.note()).startsWith("giayXacNhan stored").contains("field inferred");
        assertThat(ok.facts()).containsEntry("soDangKy", "101").doesNotContainKey("giayXacNhan");
        assertThat(records.find("H-1").orElseThrow().documentField()).isEqualTo("giayXacNhan");
        assertThat(certificates.certificate("H-1")).isEqualTo(pdf);
        // two PDFs are ambiguous, none is no result: both refused with the reason
        ObjectNode two = result("giayA", pdf);
        two.put("giayB", Base64.getEncoder().encodeToString(pdf));
        assertThat(((ResultCertificates.Stored.Bad) certificates.store("H-2", "v", "KH", two)).reason())
                .contains("2 PDF fields (giayA, giayB)");
        assertThat(((ResultCertificates.Stored.Bad) certificates.store("H-3", "v", "GH",
                result("giayA", "not a pdf".getBytes(StandardCharsets.UTF_8)))).reason()).contains("no field holding a base64 PDF");
        assertThat(((ResultCertificates.Stored.Bad) certificates.store("H-4", "v", "TGH",
                result("a".repeat(40), pdf))).reason()).contains("at most 32");
    }

    private String reason(ObjectNode result) {
        ResultCertificates.Stored s = certificates.store("B", "v", result);
        assertThat(s).isInstanceOf(ResultCertificates.Stored.Bad.class);
        return ((ResultCertificates.Stored.Bad) s).reason();
    }
}
