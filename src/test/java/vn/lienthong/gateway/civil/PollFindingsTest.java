package vn.lienthong.gateway.civil;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.management.JMX;
import javax.management.ObjectName;

import org.apache.activemq.artemis.api.core.management.ActiveMQServerControl;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.sandbox.PmhtSimulator;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;
import vn.lienthong.gateway.support.MutableClock;

/**
 * What a PMHT poll found leaves the gateway even when the broker refuses part of it: an anomaly the queue refuses
 * rolls its answer back, so the next poll finds and queues it (before, the poll row already said "seen" and the
 * anomaly was only in the trail); a refused relay trigger does not stop the batch's other triggers. The refusal is
 * the embedded broker's own: its anomaly address is made full with the FAIL policy through its JMX control.
 */
class PollFindingsTest {

    static final MutableClock CLOCK = new MutableClock();
    static final AtomicInteger SEQ = new AtomicInteger(500);
    static final String ANOMALIES = "civil.status.anomaly";
    static GatewayHarness gw;
    static LifecycleSupport lc;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.start(Map.of("PMHT_POLL_BATCH_SIZE", "10", "DVCLT_STATUS_SWEEP_AFTER_SECONDS", "0",
                "DVCLT_SIM_TOKEN_SECONDS", "600"), CLOCK);
        lc = new LifecycleSupport(gw);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static String code() {
        return "H08.37.80-261208-" + String.format("%04d", SEQ.incrementAndGet());
    }

    private static ActiveMQServerControl broker() throws Exception {
        return JMX.newMBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                new ObjectName("org.apache.activemq.artemis:broker=\"gateway-embedded\""), ActiveMQServerControl.class);
    }

    private static long anomaliesOf(String maHoSo) throws Exception {
        return gw.browse(ANOMALIES).stream().filter(m -> m.textContains(maHoSo, "UNKNOWN_PMHT_STATUS")).count();
    }

    /** Whether the broker takes a message on {@code queue} now (a probe; the anomaly counts ignore it). */
    private static boolean accepts(String queue) {
        try {
            gw.send(queue, "probe");
            return true;
        } catch (Exception refused) {
            return false;
        }
    }

    @Test
    void anAnomalyTheQueueRefusesIsQueuedByTheNextPollNotLost() throws Exception {
        String first = code();
        String second = code();
        for (String c : List.of(first, second)) {
            lc.pmht.script(c, List.of(List.of(PmhtSimulator.Stage.other(9, null))));
            lc.sent(Dossiers.birth(c));
        }
        // the address holds one message and takes no more: every send to it fails (address full), once the broker
        // has applied the setting, which a probe shows
        gw.send(ANOMALIES, "filler");
        ActiveMQServerControl broker = broker();
        broker.addAddressSettings(ANOMALIES, "{\"maxSizeMessages\":1,\"addressFullMessagePolicy\":\"FAIL\"}");
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !accepts(ANOMALIES));
            lc.poll();
            assertThat(anomaliesOf(first) + anomaliesOf(second)).as("refused by the broker").isZero();
            // the answer was rolled back with its refused anomaly: nothing in the trail says it was seen
            for (String c : List.of(first, second)) {
                assertThat(gw.gateway().ledger().find(c).orElseThrow().trail()).as(c)
                        .noneSatisfy(e -> assertThat(e.outcome()).isEqualTo("ANOMALY"));
            }
        } finally {
            // the broker's defaults again (unbounded, paging): removing the match alone leaves the address full
            broker.addAddressSettings(ANOMALIES, "{\"maxSizeMessages\":-1,\"addressFullMessagePolicy\":\"PAGE\"}");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> accepts(ANOMALIES));
        lc.poll();
        assertThat(anomaliesOf(first)).isEqualTo(1);
        assertThat(anomaliesOf(second)).isEqualTo(1);
        lc.poll(); // the same answer again: seen, not queued again
        assertThat(anomaliesOf(first)).isEqualTo(1);
        assertThat(anomaliesOf(second)).isEqualTo(1);
        for (String c : List.of(first, second)) {
            assertThat(gw.gateway().ledger().find(c).orElseThrow().trail()).as(c)
                    .filteredOn(e -> "ANOMALY".equals(e.outcome())).hasSize(1);
        }
    }

    @Test
    void aRefusedRelayTriggerDoesNotStopTheBatchsOtherTriggers() throws Exception {
        String first = code();
        String second = code();
        for (String c : List.of(first, second)) {
            lc.pmht.script(c, List.of(List.of(PmhtSimulator.Stage.rejected("Hồ sơ không hợp lệ"))));
            lc.sent(Dossiers.birth(c));
        }
        List<String> tried = new CopyOnWriteArrayList<>();
        List<String> notTriggered = new CopyOnWriteArrayList<>();
        List<RuntimeException> failed = new CopyOnWriteArrayList<>();
        PmhtStatusPoller poller = gw.gateway().bean("pmhtPoller", PmhtStatusPoller.class);
        PmhtClient pmht = gw.gateway().bean("pmhtClient", PmhtClient.class);
        // the gateway's own poller and PMHT client; only where the findings go is this test's: the first trigger
        // is refused, as a broker that is down would refuse it
        poller.poll(pmht, new PmhtStatusPoller.Findings() {
            @Override
            public void anomaly(String anomaly) {
            }

            @Override
            public void trigger(String maHoSo) {
                tried.add(maHoSo);
                if (tried.size() == 1) {
                    throw new IllegalStateException("broker refused the trigger");
                }
            }

            @Override
            public void failed(RuntimeException cause) {
                failed.add(cause);
            }

            @Override
            public void notTriggered(String maHoSo, RuntimeException cause) {
                notTriggered.add(maHoSo);
            }
        });
        assertThat(lc.pmht.statusQueries()).as("one query asked about both")
                .anySatisfy(q -> assertThat(q.codes()).contains(first, second));
        assertThat(tried).as("both dossiers' triggers tried").containsExactlyInAnyOrder(first, second);
        assertThat(notTriggered).containsExactly(tried.get(0));
        assertThat(failed).as("the answers were recorded: no batch failed").isEmpty();
        for (String c : List.of(first, second)) {
            assertThat(gw.gateway().ledger().find(c).orElseThrow().state()).isEqualTo("REFUSED");
        }
        // neither trigger reached the relay here: the status sweep sends both dossiers' 6
        lc.sweep();
        lc.assertSettled(first, 1, 3, 7, 6);
        lc.assertSettled(second, 1, 3, 7, 6);
    }
}
