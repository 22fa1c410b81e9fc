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
        try (GatewayHarness gw = GatewayHarness.start(Map.of("CIRCUIT_WINDOW", "4", "CIRCUIT_OPEN_SECONDS", "2",
                "RETRY_MAX", "60", "RETRY_DELAY_MS", "100"))) {
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
            // at most the calls that had their permission before the circuit opened (4 consumers) get through
            assertThat(pmht.requestCount() - requestsWhenOpened).isLessThanOrEqualTo(4);
            assertThat(pmht.requestCount()).isLessThanOrEqualTo(8);
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
