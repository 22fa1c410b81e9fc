package vn.lienthong.gateway.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Sends sequence-numbered birth dossiers to civil.dossier.inbound at a steady rate, as the one-stop-shop would,
 * and survives a broker restart: a send that failed (possibly after the broker stored it) is retried on a fresh
 * connection, so a dossier may be enqueued twice; the gateway's idempotency must absorb that.
 */
public final class DossierProducer implements AutoCloseable {

    private final ActiveMQConnectionFactory factory;
    private Connection connection;
    private Session session;
    private MessageProducer producer;
    private final AtomicInteger retries = new AtomicInteger();

    public DossierProducer(String brokerHostPort, String user, String password) {
        // no client-side reconnection: a failure surfaces at once and the send is retried on a new connection
        factory = new ActiveMQConnectionFactory("tcp://" + brokerHostPort + "?callTimeout=5000&reconnectAttempts=0",
                user, password);
        factory.setBlockOnDurableSend(true);
    }

    /** The maHoSo of dossier number i of a batch. */
    public static String code(String prefix, int i) {
        return prefix + "-" + String.format("%04d", i);
    }

    /** Sends count dossiers, one every intervalMs, each until the broker confirmed it; returns their codes. */
    public List<String> send(String prefix, int count, long intervalMs) throws InterruptedException {
        List<String> codes = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 1; i <= count; i++) {
            String code = code(prefix, i);
            sendUntilConfirmed(Dossiers.json(Dossiers.birth(code)));
            codes.add(code);
            long due = start + i * intervalMs * 1_000_000L;
            long wait = (due - System.nanoTime()) / 1_000_000L;
            if (wait > 0) {
                Thread.sleep(wait);
            }
        }
        return codes;
    }

    private void sendUntilConfirmed(String text) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 180_000;
        while (true) {
            try {
                if (producer == null) {
                    connect();
                }
                producer.send(session.createTextMessage(text));
                return;
            } catch (JMSException | RuntimeException e) {
                retries.incrementAndGet();
                closeQuietly();
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the broker did not take a dossier for 3 minutes", e);
                }
                Thread.sleep(250);
            }
        }
    }

    private void connect() throws JMSException {
        connection = factory.createConnection();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        producer = session.createProducer(session.createQueue("civil.dossier.inbound"));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
    }

    /** Sends that had to be retried (each may have produced a duplicate on the queue). */
    public int retries() {
        return retries.get();
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (Exception ignored) {
            // the connection is already broken
        }
        connection = null;
        session = null;
        producer = null;
    }

    @Override
    public void close() {
        closeQuietly();
        factory.close();
    }
}
