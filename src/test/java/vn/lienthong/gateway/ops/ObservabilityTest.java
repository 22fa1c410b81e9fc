package vn.lienthong.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.support.Dossiers.json;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.sandbox.PmhtSimulator;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;

/** Metrics, health and JMX report real values after real traffic (the README's operations tables rely on these). */
class ObservabilityTest {

    static GatewayHarness gw;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.start(Map.of("CIRCUIT_WINDOW", "2", "CIRCUIT_OPEN_SECONDS", "60", "RETRY_MAX", "3",
                "RETRY_DELAY_MS", "50"));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void countersMoveWhenADossierIsSentAndReadinessNamesTheDeadUpstream() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var ready = gw.management("/observe/health/ready?data=true");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        });
        double sentBefore = metric("gateway_dossiers\\{environment=\"sandbox\",flow=\"civil\",state=\"SENT\"}");
        double exchangesBefore = metric("camel_exchanges_total\\{camelContext=\"lienthong-gateway\",environment=\"sandbox\",eventType=\"route\",kind=\"CamelRoute\",routeId=\"civil.push\"}");

        gw.post("/api/civil/dossiers", json(Dossiers.birth("G22.99.08-260713-6001")));
        gw.awaitState("G22.99.08-260713-6001", "SENT");
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(metric("gateway_dossiers\\{environment=\"sandbox\",flow=\"civil\",state=\"SENT\"}")).isEqualTo(sentBefore + 1);
            assertThat(metric("camel_exchanges_total\\{camelContext=\"lienthong-gateway\",environment=\"sandbox\",eventType=\"route\",kind=\"CamelRoute\",routeId=\"civil.push\"}"))
                    .isGreaterThan(exchangesBefore);
        });

        gw.gateway().bean("pmhtSimulator", PmhtSimulator.class).failNext(1000, PmhtSimulator.Fault.HTTP_503);
        gw.post("/api/civil/dossiers", json(Dossiers.birth("G22.99.08-260713-6002")));
        gw.post("/api/civil/dossiers", json(Dossiers.birth("G22.99.08-260713-6003")));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var ready = gw.management("/observe/health/ready?data=true");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("pmht circuit OPEN").contains("\"circuit.pmht\":\"OPEN\"");
        });
        assertThat(metric("gateway_circuit_open\\{environment=\"sandbox\",upstream=\"pmht\"}")).isEqualTo(1.0);
        // while the circuit is open the backlog waits in the dispatch queue (not dead-lettered)
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(metric("gateway_queue_depth\\{environment=\"sandbox\",queue=\"civil.dossier.dispatch\"}")).isEqualTo(2.0));
        assertThat(metric("gateway_dead_letters\\{environment=\"sandbox\",queue=\"DLQ.civil.dispatch\"}")).isEqualTo(0.0);
        // liveness stays up: a dead upstream must not get the gateway restarted
        assertThat(gw.management("/observe/health/live").statusCode()).isEqualTo(200);
        gw.gateway().bean("pmhtSimulator", PmhtSimulator.class).reset();
        gw.gateway().circuits().reset("pmht");
    }

    @Test
    void documentedMBeansExist() throws Exception {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        for (String route : new String[] {"civil.validate", "civil.dispatch", "civil.http-intake", "gateway.dead-letter"}) {
            ObjectName name = new ObjectName("org.apache.camel:context=lienthong-gateway,type=routes,name=\"" + route + "\"");
            assertThat(mbs.isRegistered(name)).as(name.toString()).isTrue();
            assertThat(mbs.getAttribute(name, "ExchangesTotal")).isInstanceOf(Long.class);
        }
        gw.send("civil.dossier.inbound", "not json, for the queue MBean");
        ObjectName inbound = new ObjectName("org.apache.activemq.artemis:broker=\"gateway-embedded\",component=addresses,"
                + "address=\"civil.dossier.inbound\",subcomponent=queues,routing-type=\"anycast\",queue=\"civil.dossier.inbound\"");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> mbs.isRegistered(inbound));
        assertThat(mbs.getAttribute(inbound, "MessageCount")).isInstanceOf(Long.class);
        assertThat((Long) mbs.getAttribute(inbound, "MessagesAdded")).isGreaterThanOrEqualTo(1L);
    }

    @Test
    void infoReportsTheEnvironment() throws Exception {
        var info = gw.get("/api/info");
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(info.body()).contains("\"environment\":\"sandbox\"").contains("pmht").doesNotContain("password");
    }

    private static double metric(String regex) throws Exception {
        String body = gw.management("/observe/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + regex + " ([0-9.eE+-]+)$").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }
}
