package vn.lienthong.gateway.civil;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.support.Dossiers.json;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.sandbox.PmhtSimulator;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;

/** A dead PMHT opens the circuit: calls stop, the backlog waits in the queue, and drains once PMHT is back. */
class CircuitBreakerTest {

    @Test
    void deadPmhtIsNotHammeredAndTheBacklogDrainsWhenItReturns() throws Exception {
        // threads that call PMHT: the intake's consumers (the push at once) and the dispatch queue's (a push that
        // failed at once is queued there); each may hold a call's permission when the circuit opens
        int intake = 4;
        int dispatch = 2;
        int window = 4;
        int pushers = intake + dispatch;
        try (GatewayHarness gw = GatewayHarness.start(Map.of("CIRCUIT_WINDOW", Integer.toString(window),
                "CIRCUIT_OPEN_SECONDS", "2", "RETRY_MAX", "60", "RETRY_DELAY_MS", "100",
                "CIVIL_INTAKE_CONSUMERS", Integer.toString(intake), "CIVIL_DISPATCH_CONSUMERS", Integer.toString(dispatch)))) {
            PmhtSimulator pmht = gw.gateway().bean("pmhtSimulator", PmhtSimulator.class);
            pmht.failNext(10_000, PmhtSimulator.Fault.HTTP_503);
            List<String> codes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String code = "H08.37.80-260705-77" + i;
                codes.add(code);
                gw.send("civil.dossier.inbound", json(Dossiers.birth(code)));
            }
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> "OPEN".equals(gw.gateway().circuits().state("pmht")));
            int requestsWhenOpened = pmht.requestCount();
            Thread.sleep(1500); // inside the 2 s open window: messages roll back without calling PMHT
            // at most the calls that had their permission before the circuit opened get through: one per pushing
            // thread besides the one whose failure opened it (without the circuit: a retry every 100 ms per dossier)
            assertThat(pmht.requestCount() - requestsWhenOpened).isLessThanOrEqualTo(pushers - 1);
            assertThat(pmht.requestCount()).isLessThanOrEqualTo(window + pushers - 1);
            int attempts = codes.stream().mapToInt(c -> gw.gateway().ledger().find(c).orElseThrow().attempts()).sum();
            assertThat(pmht.requestCount()).as("every PMHT request is one counted attempt: no hidden client retries")
                    .isEqualTo(attempts);
            assertThat(gw.browse("DLQ.civil.dispatch")).isEmpty();

            pmht.reset(); // PMHT is back
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> codes.stream().allMatch(c ->
                    gw.gateway().ledger().stateOf(c).map(s -> s.name().equals("SENT")).orElse(false)));
            for (String c : codes) {
                assertThat(pmht.acceptedCount(c)).as(c).isEqualTo(1);
            }
            assertThat(gw.browse("civil.dossier.dispatch")).isEmpty();
        }
    }
}
