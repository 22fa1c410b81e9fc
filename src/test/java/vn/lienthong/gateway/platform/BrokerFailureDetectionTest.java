package vn.lienthong.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnection;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.api.core.client.FailoverEventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.lienthong.gateway.support.FreePorts;
import vn.lienthong.gateway.support.SilencingProxy;

/**
 * An external broker that stops answering without closing its connections (a hung broker, or one killed while the
 * network did not tell us) is found within seconds with the gateway's client settings for BROKER_URL, where Artemis's
 * own defaults wait 30 s for a commit's answer and 60 to 120 s on an idle connection. The client here is configured
 * exactly as the gateway configures its own ({@link Gateway#brokerClientDefaults}); the broker is a real Artemis behind
 * a TCP proxy that silences the open connections.
 */
class BrokerFailureDetectionTest {

    @TempDir
    Path dir;

    private EmbeddedBroker broker;
    private SilencingProxy proxy;
    private ActiveMQConnectionFactory factory;

    @BeforeEach
    void brokerBehindAProxy() throws Exception {
        int brokerPort = FreePorts.next();
        broker = new EmbeddedBroker(dir, "tcp://127.0.0.1:" + brokerPort, false, 100, 10);
        broker.start();
        proxy = new SilencingProxy(brokerPort);
        String url = "tcp://127.0.0.1:" + proxy.port();
        factory = new ActiveMQConnectionFactory(url);
        Gateway.brokerClientDefaults(factory, url);
    }

    @AfterEach
    void close() throws Exception {
        if (factory != null) {
            factory.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aCommitTheBrokerNeverAnswersFailsWithinTheCallTimeoutAndTheSessionWorksAgainAfterReconnecting() throws Exception {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue("probe.commit"));
            producer.send(session.createTextMessage("sent before the silence"));
            proxy.silenceOpenConnections();

            long t0 = System.nanoTime();
            assertThatThrownBy(session::commit).isInstanceOf(JMSException.class);
            double waited = (System.nanoTime() - t0) / 1e9;
            // Artemis's default call timeout would hold the commit for 30 s
            assertThat(waited).as("seconds the commit waited").isBetween(Gateway.CALL_TIMEOUT_MS / 1e3 - 1, 15.0);

            // the client reconnected on a new connection: after the rollback a listener container does on a failed
            // commit, the same session commits again
            session.rollback();
            producer.send(session.createTextMessage("sent after reconnecting"));
            session.commit();
            assertThat(proxy.accepted()).as("connections through the proxy").isGreaterThanOrEqualTo(2);
        }
        // the rolled-back message is gone with its transaction, the one after it arrived
        assertThat(receiveAllInVm("probe.commit")).containsExactly("sent after reconnecting");
    }

    @Test
    void anIdleConnectionThatGoesSilentIsFailedAndTheConsumerReceivesAgain() throws Exception {
        try (ActiveMQConnection connection = (ActiveMQConnection) factory.createConnection()) {
            List<FailoverEventType> events = new CopyOnWriteArrayList<>();
            CountDownLatch reconnected = new CountDownLatch(1);
            long[] detectedAt = new long[1];
            connection.setFailoverListener(event -> {
                events.add(event);
                if (event == FailoverEventType.FAILURE_DETECTED) {
                    detectedAt[0] = System.nanoTime();
                } else if (event == FailoverEventType.FAILOVER_COMPLETED) {
                    reconnected.countDown();
                }
            });
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("probe.idle"));
            connection.start();
            proxy.silenceOpenConnections();
            long t0 = System.nanoTime();

            // no call is waiting: only the client's pings and its connection TTL can find the silence (the proxy
            // does not pass the broker's close on). The client checks at the first ping at least a TTL after its
            // last check, so every 12 s here; the first check after the silence may still count data from before
            // it: found within two checks and a ping (Artemis's defaults: 60 to 120 s)
            long check = ceilTo(Gateway.CONNECTION_TTL_MS, Gateway.FAILURE_CHECK_MS);
            double bound = (2 * check + Gateway.FAILURE_CHECK_MS) / 1e3;
            assertThat(reconnected.await(45, TimeUnit.SECONDS)).as("reconnected within 45 s, events " + events).isTrue();
            assertThat(events).as("failover events").startsWith(FailoverEventType.FAILURE_DETECTED);
            double detected = (detectedAt[0] - t0) / 1e9;
            assertThat(detected).as("seconds until the silence was detected").isBetween(0.0, bound);

            sendInVm("probe.idle", "after the silence");
            TextMessage received = (TextMessage) consumer.receive(15_000);
            assertThat(received).as("a message sent after the reconnection").isNotNull();
            assertThat(received.getText()).isEqualTo("after the silence");
        }
    }

    @Test
    void parametersInTheUrlWin() {
        String url = "tcp://127.0.0.1:1?callTimeout=60000&clientFailureCheckPeriod=20000&connectionTTL=90000";
        try (ActiveMQConnectionFactory fromUrl = new ActiveMQConnectionFactory(url)) {
            Gateway.brokerClientDefaults(fromUrl, url);
            assertThat(fromUrl.getCallTimeout()).isEqualTo(60_000);
            assertThat(fromUrl.getClientFailureCheckPeriod()).isEqualTo(20_000);
            assertThat(fromUrl.getConnectionTTL()).isEqualTo(90_000);
        }
        // a parameter with a similar name is not taken for ours
        String other = "tcp://127.0.0.1:1?callFailoverTimeout=5000";
        try (ActiveMQConnectionFactory similar = new ActiveMQConnectionFactory(other)) {
            Gateway.brokerClientDefaults(similar, other);
            assertThat(similar.getCallFailoverTimeout()).isEqualTo(5_000);
            assertThat(similar.getCallTimeout()).isEqualTo(Gateway.CALL_TIMEOUT_MS);
            assertThat(similar.getClientFailureCheckPeriod()).isEqualTo(Gateway.FAILURE_CHECK_MS);
            assertThat(similar.getConnectionTTL()).isEqualTo(Gateway.CONNECTION_TTL_MS);
        }
    }

    private static long ceilTo(long value, long step) {
        return (value + step - 1) / step * step;
    }

    private void sendInVm(String queue, String text) throws JMSException {
        try (ActiveMQConnectionFactory inVm = new ActiveMQConnectionFactory(EmbeddedBroker.IN_VM_URL);
             Connection c = inVm.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue(queue)).send(s.createTextMessage(text));
        }
    }

    private List<String> receiveAllInVm(String queue) throws JMSException {
        List<String> texts = new ArrayList<>();
        try (ActiveMQConnectionFactory inVm = new ActiveMQConnectionFactory(EmbeddedBroker.IN_VM_URL);
             Connection c = inVm.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
            for (TextMessage m; (m = (TextMessage) consumer.receive(texts.isEmpty() ? 5_000 : 500)) != null; ) {
                texts.add(m.getText());
            }
        }
        return texts;
    }
}
