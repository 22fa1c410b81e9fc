package vn.lienthong.gateway.molisa;

import vn.lienthong.gateway.platform.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batching that never loses a record: in ONE local JMS transaction it takes up to {@code size} mapped records from a
 * ready queue (waiting at most {@code waitMs} after the first for the batch to fill) and writes them as ONE batch
 * message to molisa.dispatch, then commits. A crash before the commit leaves every record in the ready queue; after
 * it, the batch message is durable. Unlike Camel's aggregator nothing waits in memory outside a transaction.
 * Called by the scheduler routes molisa.batch.* (routes/molisa.camel.yaml), one caller per queue at a time.
 */
public final class MolisaBatcher {

    private static final Logger LOG = LoggerFactory.getLogger(MolisaBatcher.class);

    private final ConnectionFactory connectionFactory;
    private final String dispatchQueue;
    private final int size;
    private final long waitMs;
    private final long pollMs;
    private volatile long backoffUntil;
    private volatile int failures;

    public MolisaBatcher(ConnectionFactory connectionFactory, String dispatchQueue, int size, long waitMs, long pollMs) {
        if (size < 1) {
            throw new ConfigException("MOLISA_BATCH_SIZE must be >= 1, got " + size);
        }
        this.connectionFactory = connectionFactory;
        this.dispatchQueue = dispatchQueue;
        this.size = size;
        this.waitMs = Math.max(0, waitMs);
        this.pollMs = Math.max(1, pollMs);
    }

    /** Moves up to one batch from {@code readyQueue} to the dispatch queue; returns the number of records moved. */
    public int collect(String readyQueue, String operation) {
        if (System.nanoTime() < backoffUntil) {
            return 0;
        }
        try {
            int n = collectOnce(readyQueue, operation);
            if (failures > 0) {
                LOG.info("MOLISA batching from {} works again", readyQueue);
            }
            failures = 0;
            return n;
        } catch (Exception e) {
            // the broker is unreachable or the transaction failed: the records stay in the ready queue
            failures++;
            long pause = Math.min(10_000L, 100L << Math.min(7, failures));
            backoffUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause);
            if (failures == 1 || failures % 50 == 0) {
                LOG.warn("MOLISA batching from {} failed ({} time(s)): {}; records stay queued, next try in {} ms",
                        readyQueue, failures, e.toString(), pause);
            }
            return 0;
        }
    }

    private int collectOnce(String readyQueue, String operation) throws Exception {
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
                try (MessageConsumer consumer = session.createConsumer(session.createQueue(readyQueue))) {
                    Message first = consumer.receive(pollMs);
                    if (first == null) {
                        return 0;
                    }
                    List<String> items = new ArrayList<>();
                    List<String> codes = new ArrayList<>();
                    add(first, items, codes);
                    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
                    while (items.size() < size) {
                        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                        Message next = left > 0 ? consumer.receive(left) : consumer.receiveNoWait();
                        if (next == null) {
                            break;
                        }
                        add(next, items, codes);
                    }
                    MessageProducer producer = session.createProducer(session.createQueue(dispatchQueue));
                    producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                    TextMessage batch = session.createTextMessage(MolisaBatches.envelopeOfItems(operation, items));
                    batch.setStringProperty("molisaOperation", operation);
                    batch.setStringProperty("maHoSo", String.join(",", codes));
                    batch.setIntProperty("molisaCount", items.size());
                    producer.send(batch);
                    session.commit();
                    LOG.info("MOLISA {} batch of {} record(s) queued for sending", operation, items.size());
                    return items.size();
                } catch (Exception e) {
                    session.rollback();
                    throw e;
                }
            }
        }
    }

    private static void add(Message m, List<String> items, List<String> codes) throws Exception {
        String text = m.getBody(String.class);
        items.add(text);
        String code = MolisaBatches.maHoSoOfItem(text);
        codes.add(code == null ? "?" : code);
    }
}
