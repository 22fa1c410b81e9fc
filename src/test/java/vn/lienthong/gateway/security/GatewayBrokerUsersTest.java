package vn.lienthong.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.platform.ConfigException;
import vn.lienthong.gateway.platform.Gateway;
import vn.lienthong.gateway.platform.GatewayConfig;
import vn.lienthong.gateway.support.FreePorts;

/**
 * The whole gateway outside the sandbox (its own embedded broker, so not beside BrokerRolesTest's in one JVM at
 * once): named users from EMBEDDED_BROKER_USERS, and the gateway's answers only where the sender may read.
 */
class GatewayBrokerUsersTest {

    static final String GATEWAY_PASSWORD = BrokerRolesTest.GATEWAY_PASSWORD;

    static String hash(String user) {
        return BrokerRolesTest.hash(user);
    }

    static void sendWithReplyTo(Session s, String queue, String replyTo) throws Exception {
        BrokerRolesTest.sendWithReplyTo(s, queue, replyTo);
    }

    /** Outside the sandbox, with the embedded acceptor on the port and one hospital user (his-bv-a). */
    static Map<String, String> withAcceptor(int port) throws Exception {
        Map<String, String> env = UpstreamTlsTest.outsideTheSandbox();
        env.put("ALLOW_PLAIN_HTTP_UPSTREAMS", "PMHT_URL");
        env.put("SHUTDOWN_TIMEOUT_SECONDS", "2");
        env.put("EMBEDDED_BROKER_ACCEPTOR", "tcp://127.0.0.1:" + port);
        env.put("EMBEDDED_BROKER_USER", "gateway");
        env.put("EMBEDDED_BROKER_PASSWORD", GATEWAY_PASSWORD);
        env.put("EMBEDDED_BROKER_USERS", "his-bv-a:hospital:" + hash("his-bv-a"));
        return env;
    }

    /** The whole gateway outside the sandbox: named users from EMBEDDED_BROKER_USERS, replies only where allowed. */
    @Test
    void theGatewayAnswersAHospitalOnItsOwnReplyQueueAndNeverOnAWorkQueue() throws Exception {
        int port = FreePorts.next();
        Map<String, String> env = withAcceptor(port);
        String gatewayUrl = "tcp://127.0.0.1:" + port;
        try (Gateway gateway = new Gateway(GatewayConfig.of(env)).start();
             Connection c = new ActiveMQConnectionFactory(gatewayUrl, "his-bv-a", BrokerRolesTest.PASSWORDS.get("his-bv-a")).createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer answers = s.createConsumer(s.createQueue("reply.his-bv-a.answers"));
            assertThatThrownBy(() -> sendWithReplyTo(s, "health.birth.inbound", "civil.dossier.dispatch"))
                    .isInstanceOf(JMSSecurityException.class).hasMessageContaining("JMSReplyTo");
            sendWithReplyTo(s, "health.birth.inbound", "reply.his-bv-a.answers");
            TextMessage answer = (TextMessage) answers.receive(15_000);
            assertThat(answer).as("the gateway's answer on the hospital's own reply queue").isNotNull();
            assertThat(answer.getText()).contains("\"status\":\"rejected\"");
            assertThatThrownBy(() -> new ActiveMQConnectionFactory(gatewayUrl, "gateway", GATEWAY_PASSWORD).createConnection().close())
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> s.createConsumer(s.createQueue("health.invalid")))
                    .isInstanceOf(JMSSecurityException.class);
        }
        env.put("EMBEDDED_BROKER_USERS", "his-bv-a:root:" + hash("his-bv-a"));
        assertThatThrownBy(() -> new Gateway(GatewayConfig.of(env)).start()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("EMBEDDED_BROKER_USERS entry 1").hasMessageNotContaining(hash("his-bv-a"));
    }

    /** EMBEDDED_BROKER_TLS_KEYSTORE: the acceptor speaks TLS only; a client trusting the CA sends, a plain one cannot. */
    @Test
    void theEmbeddedAcceptorCanSpeakTlsOnly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        vn.lienthong.gateway.support.TestCertificates ca = vn.lienthong.gateway.support.TestCertificates.newCa(dir, "broker-ca");
        int port = FreePorts.next();
        Map<String, String> env = withAcceptor(port);
        env.put("EMBEDDED_BROKER_TLS_KEYSTORE", ca.server("broker", "ip:127.0.0.1").toString());
        env.put("EMBEDDED_BROKER_TLS_KEYSTORE_PASSWORD", vn.lienthong.gateway.support.TestCertificates.PASSWORD);
        String tlsUrl = "tcp://127.0.0.1:" + port + "?sslEnabled=true&trustStorePath=" + ca.trustStore()
                + "&trustStorePassword=" + vn.lienthong.gateway.support.TestCertificates.PASSWORD + "&trustStoreType=PKCS12";
        try (Gateway gateway = new Gateway(GatewayConfig.of(env)).start()) {
            try (Connection c = new ActiveMQConnectionFactory(tlsUrl, "his-bv-a", BrokerRolesTest.PASSWORDS.get("his-bv-a")).createConnection()) {
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                s.createProducer(s.createQueue("health.birth.inbound")).send(s.createTextMessage("{}"));
            }
            ActiveMQConnectionFactory plain = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port
                    + "?callTimeout=2000&connectionTTL=2000&initialConnectAttempts=1&reconnectAttempts=0",
                    "his-bv-a", BrokerRolesTest.PASSWORDS.get("his-bv-a"));
            assertThatThrownBy(() -> plain.createConnection().close()).isInstanceOf(jakarta.jms.JMSException.class);
        }
    }
}
