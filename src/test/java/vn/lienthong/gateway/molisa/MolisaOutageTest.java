package vn.lienthong.gateway.molisa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.builder.AdviceWith;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import vn.lienthong.gateway.ledger.DossierView;
import vn.lienthong.gateway.ledger.LedgerException;
import vn.lienthong.gateway.sandbox.MolisaSimulator;
import vn.lienthong.gateway.support.GatewayHarness;

/** MOLISA failing: retries with the broker's backoff, dead letters with the cause, nothing lost, replay works. */
class MolisaOutageTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static GatewayHarness gw;
    static MolisaSimulator sim;
    static int seq;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.start(Map.of("MOLISA_BATCH_SIZE", "3", "MOLISA_BATCH_WAIT_MS", "300", "RETRY_MAX", "3",
                "RETRY_DELAY_MS", "50"));
        sim = gw.gateway().bean("molisaSimulator", MolisaSimulator.class);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @BeforeEach
    void resetSimulator() {
        sim.reset();
    }

    static String code() {
        return "H22.08-260715-" + String.format("%04d", ++seq);
    }

    @Test
    void molisaFailingBrieflyIsRetriedAndEachRecordDeliveredOnce() throws Exception {
        sim.failNext(2, MolisaSimulator.Fault.HTTP_500);
        String c = code();
        gw.post("/api/molisa/dossiers", JSON.writeValueAsString(TestSupport.dossierInput(c)));
        String d = code();
        gw.post("/api/molisa/decisions", JSON.writeValueAsString(TestSupport.decisionInput(d)));
        DossierView view = gw.awaitState(c, "SENT");
        gw.awaitState(d, "SENT");
        assertThat(view.trail()).extracting(DossierView.Event::step).contains("DongBoDVC");
        assertThat(sim.acceptedDossiers()).filteredOn(r -> c.equals(r.get("MaHoSo"))).hasSize(1);
        assertThat(sim.acceptedDecisions()).filteredOn(r -> d.equals(r.get("MaHoSo"))).hasSize(1);
    }

    @Test
    void molisaDownIsRetriedThenDeadLetteredWithEveryRecordAccountedForAndReplayable() throws Exception {
        sim.failNext(10_000, MolisaSimulator.Fault.RESET);
        List<String> valid = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String c = code();
            valid.add(c);
            gw.send("molisa.dossier.inbound", JSON.writeValueAsString(TestSupport.dossierInput(c)));
        }
        String progress = code();
        gw.send("molisa.progress.inbound", JSON.writeValueAsString(TestSupport.progressInput(progress)));
        String decision = code();
        gw.send("molisa.decision.inbound", JSON.writeValueAsString(TestSupport.decisionInput(decision)));
        String invalid = code();
        Map<String, Object> bad = TestSupport.dossierInput(invalid);
        bad.put("NgayThangNamSinh", "sometime in 1950");
        gw.send("molisa.dossier.inbound", JSON.writeValueAsString(bad));
        List<String> all = new ArrayList<>(valid);
        all.add(progress);
        all.add(decision);

        // every record is somewhere an operator can see it: MOLISA (nothing here), molisa.invalid or the DLQ
        Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> {
            for (String c : all) {
                if (!inDlq(c)) {
                    return false;
                }
            }
            return true;
        });
        assertThat(inQueue("molisa.invalid", invalid)).isTrue();
        assertThat(sim.acceptedDossiers()).isEmpty();
        assertThat(sim.acceptedProgress()).isEmpty();
        assertThat(sim.acceptedDecisions()).isEmpty();
        List<GatewayHarness.QueuedMessage> dead = gw.browse("DLQ.molisa.dispatch");
        assertThat(dead).allSatisfy(m -> {
            assertThat(m.properties().get("gatewayFailureCause")).contains("UpstreamUnavailableException")
                    .contains("unreachable");
            assertThat(m.properties().get("gatewayFailedRoute")).isEqualTo("molisa.dispatch");
        });
        int calls = sim.calls("GetToken") + sim.calls("DongBoDVC") + sim.calls("XuLyHoSo") + sim.calls("FileQuyetDinh");
        assertThat(calls).as("each batch tried RETRY_MAX times").isGreaterThanOrEqualTo(3 * 3);
        for (String c : all) {
            DossierView v = gw.gateway().ledger().find(c).orElseThrow();
            assertThat(v.state()).isEqualTo("ACCEPTED");
            assertThat(v.trail()).anySatisfy(e -> assertThat(e.outcome()).isEqualTo("DEAD_LETTER"));
        }
        assertThat(gw.gateway().ledger().stateOf(invalid).orElseThrow().name()).isEqualTo("REJECTED");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gw.browse("molisa.dispatch").isEmpty()
                && gw.browse("molisa.dossier.ready").isEmpty());

        // MOLISA is back: an operator moves the dead letters back to molisa.dispatch and they go through
        sim.reset();
        int replayed = replay("DLQ.molisa.dispatch", "molisa.dispatch");
        assertThat(replayed).isEqualTo(dead.size());
        for (String c : all) {
            gw.awaitState(c, "SENT");
        }
        assertThat(sim.acceptedDossiers()).extracting(r -> r.get("MaHoSo")).containsExactlyInAnyOrderElementsOf(valid);
        assertThat(sim.acceptedProgress()).extracting(r -> r.get("MaHoSo")).containsExactly(progress);
        assertThat(sim.acceptedDecisions()).extracting(r -> r.get("MaHoSo")).containsExactly(decision);
    }

    @Test
    void aCrashAfterMolisaAnsweredDoesNotSendTheBatchAgain() throws Exception {
        AtomicInteger crashes = new AtomicInteger();
        // the advice stays on the route but fails once: the batch message rolls back after MOLISA took it
        AdviceWith.adviceWith(gw.gateway().camelContext(), "molisa.dispatch",
                a -> a.weaveById("molisa-sent").after().process(e -> {
                    if (crashes.getAndIncrement() == 0) {
                        throw new LedgerException("simulated crash after the MOLISA call", null);
                    }
                }));
        String c = code();
        gw.post("/api/molisa/dossiers", JSON.writeValueAsString(TestSupport.dossierInput(c)));
        gw.awaitState(c, "SENT");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> gw.gateway().ledger().find(c).orElseThrow()
                .trail().stream().anyMatch(e -> e.outcome().equals("DUPLICATE")));
        assertThat(crashes.get()).isGreaterThanOrEqualTo(2);
        assertThat(sim.acceptedDossiers()).filteredOn(r -> c.equals(r.get("MaHoSo"))).hasSize(1);
        // (a call refused for the token the reset simulator forgot does not count: it carried no data in)
        assertThat(sim.calls("DongBoDVC") - sim.authRefusals()).as("one call that MOLISA took").isEqualTo(1);
    }

    static boolean inDlq(String maHoSo) throws Exception {
        return inQueue("DLQ.molisa.dispatch", maHoSo);
    }

    static boolean inQueue(String queue, String maHoSo) throws Exception {
        return gw.browse(queue).stream().anyMatch(m -> m.textContains("\"MaHoSo\":\"" + maHoSo + "\""));
    }

    /** What an operator does from the console: move each message, body and properties, to another queue. */
    static int replay(String from, String to) throws Exception {
        int n = 0;
        try (Connection c = gw.gateway().connectionFactory().createConnection();
             Session s = c.createSession(true, Session.SESSION_TRANSACTED)) {
            c.start();
            try (MessageConsumer consumer = s.createConsumer(s.createQueue(from))) {
                MessageProducer producer = s.createProducer(s.createQueue(to));
                for (Message m = consumer.receive(1000); m != null; m = consumer.receive(500)) {
                    producer.send(s.createTextMessage(m.getBody(String.class)));
                    n++;
                }
                s.commit();
            }
        }
        return n;
    }
}
