package vn.lienthong.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.lienthong.gateway.platform.ConfigException;
import vn.lienthong.gateway.platform.EmbeddedBroker;
import vn.lienthong.gateway.platform.Gateway;
import vn.lienthong.gateway.platform.GatewayConfig;
import vn.lienthong.gateway.support.ProductionEnv;
import vn.lienthong.gateway.support.FreePorts;

/** Outside the sandbox the embedded broker's acceptor for other systems needs a user and password. */
class EmbeddedBrokerLoginTest {

    @Test
    void theAcceptorRefusesAnonymousAndWrongLoginsAndTakesTheConfiguredOne(@TempDir Path dir) throws Exception {
        int port = FreePorts.next();
        String mcdtHash = java.util.HexFormat.of().formatHex(ApiClients.sha256("broker-Secret-1"));
        try (EmbeddedBroker broker = new EmbeddedBroker(dir, "tcp://127.0.0.1:" + port, false, 100, 10)
                .requireLogin("gateway", "gateway-Secret-0", BrokerUsers.parse("mcdt:one-stop-shop:" + mcdtHash, "gateway"))) {
            broker.start();
            String url = "tcp://127.0.0.1:" + port;
            assertThatThrownBy(() -> new ActiveMQConnectionFactory(url).createConnection().close())
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> new ActiveMQConnectionFactory(url, "mcdt", "wrong").createConnection().close())
                    .isInstanceOf(JMSSecurityException.class);
            try (Connection c = new ActiveMQConnectionFactory(url, "mcdt", "broker-Secret-1").createConnection()) {
                c.start();
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                s.createProducer(s.createQueue("civil.dossier.inbound")).send(s.createTextMessage("hello"));
            }
            // the gateway's own user reads it, in-VM (BrokerRolesTest: everything each role may and may not do)
            try (Connection c = new ActiveMQConnectionFactory(EmbeddedBroker.IN_VM_URL, "gateway", "gateway-Secret-0").createConnection()) {
                c.start();
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = s.createConsumer(s.createQueue("civil.dossier.inbound"));
                assertThat(((TextMessage) consumer.receive(5000)).getText()).isEqualTo("hello");
            }
        }
    }

    @Test
    void outsideTheSandboxTheGatewayRefusesToStartAnOpenAcceptor(@TempDir Path dir) {
        Map<String, String> env = ProductionEnv.required();
        env.put("DATA_DIR", dir.toString());
        assertThatThrownBy(() -> new Gateway(GatewayConfig.of(env)).start())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("EMBEDDED_BROKER_USER").hasMessageContaining("EMBEDDED_BROKER_PASSWORD");
    }
}
