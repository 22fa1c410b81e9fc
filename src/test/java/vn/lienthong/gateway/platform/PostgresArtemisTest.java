package vn.lienthong.gateway.platform;

import vn.lienthong.gateway.sandbox.PmhtSimulator;
import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.support.Dossiers.json;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.ledger.DossierView;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.ExternalInfra;
import vn.lienthong.gateway.support.GatewayHarness;

/** The production combination: the same flow on a standalone Artemis broker and PostgreSQL (scripts/infra.sh). */
class PostgresArtemisTest {

    static GatewayHarness gw;
    static final String RUN = UUID.randomUUID().toString().substring(0, 6).toUpperCase();

    /**
     * A private instance: on a machine shared by several worktrees, another checkout's gateway on the shared broker
     * would compete for civil.dossier.inbound and take this test's dossiers.
     */
    static final ExternalInfra.Instance INFRA = new ExternalInfra.Instance("it", 61637, 55452, 1000);

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = new HashMap<>(INFRA.run("start"));
        env.put("RETRY_MAX", "3");
        env.put("DB_SCHEMA", "t_" + RUN.toLowerCase()); // each run on fresh tables of the shared database
        gw = GatewayHarness.start(env);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
        INFRA.run("stop");
    }

    @Test
    void civilFlowRunsOnPostgresqlAndAStandaloneBroker() throws Exception {
        assertThat(gw.gateway().config().dbUrl()).startsWith("jdbc:postgresql:");
        String sent = "PG" + RUN + "-260713-0001";
        String rejected = "PG" + RUN + "-260713-0002";
        gw.post("/api/civil/dossiers", json(Dossiers.birth(sent)));
        gw.send("civil.dossier.inbound", json(Dossiers.birth(sent)));
        Map<String, Object> bad = Dossiers.birth(rejected);
        bad.put("module", "XYZ");
        gw.send("civil.dossier.inbound", json(bad));

        DossierView view = gw.awaitState(sent, "SENT");
        assertThat(view.modulePushed()).isEqualTo("LTKS");
        gw.awaitState(rejected, "REJECTED");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> gw.gateway().ledger().find(sent).orElseThrow()
                .trail().stream().anyMatch(e -> e.outcome().equals("DUPLICATE")));
        assertThat(gw.gateway().bean("pmhtSimulator", PmhtSimulator.class).acceptedCount(sent)).isEqualTo(1);
        assertThat(gw.get("/api/dossiers/" + sent).body()).contains("\"state\":\"SENT\"");
        // the PMHT poll's walk on PostgreSQL (one SQL query merging its per-state ranges): the dossier is asked about
        String answer = gw.gateway().camelContext().createProducerTemplate()
                .requestBody("direct:civil.pmht-poll", "", String.class);
        assertThat(answer).doesNotContain("\"batches\":0");
        PmhtSimulator pmht = gw.gateway().bean("pmhtSimulator", PmhtSimulator.class);
        assertThat(pmht.statusQueries()).anySatisfy(q -> assertThat(q.codes()).contains(sent));
        // queue depths come from the external broker's management address
        assertThat(gw.gateway().queueStatsView().depths()).containsKey("civil.dossier.inbound");
    }
}
