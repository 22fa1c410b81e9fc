package vn.lienthong.gateway.civil;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.catalog.AdminUnitCatalog;

import java.time.Clock;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.civil.CivilFixtures.birth;
import static vn.lienthong.gateway.civil.CivilFixtures.json;

/**
 * Seed 000's training account maDonVi 07219 (Phường Lê Lợi, TP Bắc Giang) through the dossier path with the real
 * catalogue: ngayTiepNhan decides which catalogue version applies (the ward was merged away on 2025-01-01).
 */
class UnitCodeByRegistrationDateTest {

    private final CivilDossierProcessor processor = new CivilDossierProcessor(new CivilFixtures.FakeAddresses(),
            AdminUnitCatalog.loadDefault(), ModuleCatalog.load(), CivilLimits.defaults(),
            Clock.fixed(Instant.parse("2026-01-05T03:00:00Z"), DossierDates.VIETNAM));

    @Test
    void trainingWardRegisteredIn2024IsReadyForItsProvince() {
        ObjectNode env = birth();
        env.put("maDonVi", "07219");
        env.put("ngayTiepNhan", "13/07/2024 08:30:00");
        CivilOutcome outcome = processor.process(json(env));
        assertThat(outcome).isInstanceOf(CivilOutcome.Ready.class);
        assertThat(((CivilOutcome.Ready) outcome).maTinh()).isEqualTo("24");
    }

    @Test
    void trainingWardRegisteredInMarch2025IsRefusedNamingItsPeriod() {
        ObjectNode env = birth();
        env.put("maDonVi", "07219");
        env.put("ngayTiepNhan", "10/03/2025 08:30:00");
        CivilOutcome outcome = processor.process(json(env));
        assertThat(outcome).isInstanceOf(CivilOutcome.Invalid.class);
        assertThat(((CivilOutcome.Invalid) outcome).problems()).filteredOn(p -> p.field().equals("maDonVi"))
                .singleElement().extracting(Problem::reason).asString()
                .contains("07219 was valid until 2024-12-31");
    }

    @Test
    void trainingDistrict213RegisteredIn2024IsReady() {
        ObjectNode env = birth();
        env.put("maDonVi", "213");
        env.put("ngayTiepNhan", "13/07/2024 08:30:00");
        assertThat(processor.process(json(env))).isInstanceOf(CivilOutcome.Ready.class);
    }
}
