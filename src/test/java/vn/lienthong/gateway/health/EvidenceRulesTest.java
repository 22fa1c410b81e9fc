package vn.lienthong.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The seed 004 record checks, without the gateway. */
class EvidenceRulesTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-07-20T03:00:00Z"), ZoneOffset.UTC);
    final EvidenceRules rules = new EvidenceRules(NOW);

    @Test
    void aFullBirthRecordIsNormalized() {
        EvidenceRules.Checked c = rules.check(EvidenceKind.BIRTH, HealthFixtures.birth("GCS-1", "001195000077"));
        assertThat(c.problems()).isEmpty();
        assertThat(c.key()).isEqualTo("GCS-1");
        assertThat(c.fields()).containsEntry("ngayCapGCS", "2026-07-10").containsEntry("nksNgaySinh", "2026-07-05")
                .containsEntry("nksGioiTinh", "1").containsEntry("meDanToc", "01").containsEntry("nksCanNang", "3200")
                .containsEntry("nksGioSinh", "08:45");
    }

    @Test
    void formatsHospitalsUseAreAccepted() {
        Map<String, Object> r = HealthFixtures.birth("GCS-2", "001195000077");
        r.put("ngayCapGCS", "2026-07-10T09:00:00.000");
        r.put("nksGioiTinh", "Nữ");
        r.put("meDanToc", "Tày");
        r.put("nksCanNang", "3,1");
        r.put("nksGioSinh", "8h05");
        r.put("unknownField", "dropped");
        EvidenceRules.Checked c = rules.check(EvidenceKind.BIRTH, r);
        assertThat(c.problems()).isEmpty();
        assertThat(c.fields()).containsEntry("ngayCapGCS", "2026-07-10").containsEntry("nksGioiTinh", "2")
                .containsEntry("meDanToc", "02").containsEntry("nksCanNang", "3100").containsEntry("nksGioSinh", "08:05")
                .doesNotContainKey("unknownField");
    }

    @Test
    void everyProblemIsNamedWithoutRepeatingTheValue() {
        Map<String, Object> r = HealthFixtures.birth("GCS 3!", "0011950000");
        r.put("meHoTen", "Trần Thị 2");
        r.put("nksNgaySinh", "2026-07-21");
        r.put("nksNoiSinh", List.of("x"));
        r.put("meDanToc", "Klingon");
        r.put("nksCanNang", 12000);
        r.put("nksGioSinh", "25:00");
        r.put("meNoiCuTru", "Số 1\u0000");
        EvidenceRules.Checked c = rules.check(EvidenceKind.BIRTH, r);
        assertThat(c.problems()).extracting(FieldProblem::field).containsExactlyInAnyOrder("maGCS", "meHoTen",
                "meSoGiayToTuyThan", "meDanToc", "meNoiCuTru", "nksNgaySinh", "nksGioSinh", "nksCanNang", "nksNoiSinh");
        assertThat(c.problems().toString()).doesNotContain("0011950000").doesNotContain("Trần").doesNotContain("Klingon");
    }

    @Test
    void idNumbersSentAsNumbersAreRefusedBecauseLeadingZerosAreLost() {
        Map<String, Object> r = HealthFixtures.birth("GCS-4", "x");
        r.put("meSoGiayToTuyThan", 1195000077L);
        assertThat(rules.check(EvidenceKind.BIRTH, r).problems())
                .singleElement().satisfies(p -> assertThat(p.reason()).contains("leading zeros"));
    }

    @Test
    void datesMustAgree() {
        Map<String, Object> birth = HealthFixtures.birth("GCS-5", "001195000077");
        birth.put("ngayCapGCS", "04/07/2026");
        birth.put("meNgaySinh", "01/01/2020");
        assertThat(rules.check(EvidenceKind.BIRTH, birth).problems()).extracting(FieldProblem::field)
                .containsExactlyInAnyOrder("ngayCapGCS", "meNgaySinh");
        Map<String, Object> death = HealthFixtures.death("GBT-1", null);
        death.put("nktNgaySinh", "2026-07-02");
        assertThat(rules.check(EvidenceKind.DEATH, death).problems()).extracting(FieldProblem::field)
                .containsExactly("nktNgayChet");
    }
}
