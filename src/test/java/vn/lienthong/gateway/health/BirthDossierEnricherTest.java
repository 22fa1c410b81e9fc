package vn.lienthong.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.ledger.Ledger;
import vn.lienthong.gateway.platform.Database;
import vn.lienthong.gateway.support.Dossiers;

/** Enrichment cases the flow test does not reach: XML data, twins, already complete, not a dossier. */
class BirthDossierEnricherTest {

    Database db;
    EvidenceStore store;
    EvidenceIntake intake;
    BirthDossierEnricher enricher;

    @BeforeEach
    void setUp() {
        db = new Database("jdbc:hsqldb:mem:enrich" + UUID.randomUUID() + ";hsqldb.tx=mvcc", "SA", "", 2);
        Clock clock = Clock.systemUTC();
        store = new EvidenceStore(db.dataSource(), clock);
        intake = new EvidenceIntake(new EvidenceRules(clock), store, clock);
        enricher = new BirthDossierEnricher(new EvidenceLookup(store), store, new Ledger(db.dataSource(), clock));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    void certificate(String maGCS, String mother, String born, String sex) {
        Map<String, Object> r = HealthFixtures.birth(maGCS, mother);
        r.put("nksNgaySinh", born);
        r.put("nksGioiTinh", sex);
        assertThat(intake.receive(EvidenceKind.BIRTH, r, "TEST", null).accepted()).isTrue();
    }

    @Test
    void xmlDataGetsTheCertificateElements() {
        certificate("GCS-X1", "001195000501", "05/07/2026", "1");
        String xml = "<hoTich><maGCS></maGCS><nksHoTen>Nguyễn Văn Thử</nksHoTen><nksNgaySinh>05.07.2026</nksNgaySinh>"
                + "<meSoGiayToTuyThan>001195000501</meSoGiayToTuyThan></hoTich>";
        String out = enricher.enrich(Dossiers.json(Dossiers.envelope("G22.99.08-260713-0501", "KS", "00004",
                "13/07/2026 08:30:00", xml)));
        String data = Dossiers.parse(out).path("data").asText();
        assertThat(data).contains("<maGCS>GCS-X1</maGCS>").contains("<ngayCapGCS>10.07.2026</ngayCapGCS>")
                .contains("<nksHoTen>Nguyễn Văn Thử</nksHoTen>");
        assertThat(store.links("G22.99.08-260713-0501")).extracting(EvidenceStore.Link::ref).containsExactly("GCS-X1");
    }

    @Test
    void twinsAreToldApartBySexAndOtherwiseNothingIsGuessed() {
        certificate("GCS-T1", "001195000502", "05/07/2026", "1");
        certificate("GCS-T2", "001195000502", "05/07/2026", "2");
        Map<String, Object> girl = Dossiers.birth("G22.99.08-260713-0502");
        Dossiers.data(girl).remove("maGCS");
        Dossiers.data(girl).remove("ngayCapGCS");
        Dossiers.data(girl).put("meSoGiayToTuyThan", "001195000502");
        Dossiers.data(girl).put("nksGioiTinh", "2");
        JsonNode out = Dossiers.parse(enricher.enrich(Dossiers.json(girl)));
        assertThat(out.path("data").path("maGCS").asText()).isEqualTo("GCS-T2");

        Dossiers.data(girl).remove("nksGioiTinh");
        String unknownSex = Dossiers.json(girl);
        assertThat(enricher.enrich(unknownSex)).isEqualTo(unknownSex);
    }

    @Test
    void completeDossiersAndOtherInputComeBackUnchanged() {
        String complete = Dossiers.json(Dossiers.birth("G22.99.08-260713-0503"));
        assertThat(enricher.enrich(complete)).isSameAs(complete);
        assertThat(store.links("G22.99.08-260713-0503")).extracting(EvidenceStore.Link::ref).containsExactly("GCS-2026-0001");
        assertThat(enricher.enrich("not json")).isEqualTo("not json");
        assertThat(enricher.enrich("[1,2]")).isEqualTo("[1,2]");
        assertThat(enricher.enrich(null)).isNull();
        String marriage = Dossiers.json(Dossiers.envelope("X-1", "KH", "00004", "13/07/2026 08:30:00", Map.of("a", "b")));
        assertThat(enricher.enrich(marriage)).isSameAs(marriage);
    }
}
