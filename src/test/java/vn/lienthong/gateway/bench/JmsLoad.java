package vn.lienthong.gateway.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import vn.lienthong.gateway.platform.EmbeddedBroker;
import vn.lienthong.gateway.platform.GatewayConfig;
import vn.lienthong.gateway.support.FreePorts;

/** Load generation over JMS (what DVCLT or a replay tool does) and the broker-only baselines. */
final class JmsLoad {

    private JmsLoad() {
    }

    /** A client of a broker's TCP acceptor, configured like the gateway's own factory (durable sends block). */
    static ActiveMQConnectionFactory tcpClient(int port) {
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
        cf.setBlockOnDurableSend(true);
        return cf;
    }

    /**
     * Sends messages {@code from .. from+count-1} as fast as possible from {@code threads} producers, each
     * committing a local transaction every {@code batch} messages (a replay tool's way; keeps the producer from
     * being the bottleneck). Persistent delivery.
     */
    static void sendBatched(ConnectionFactory cf, String queueName, int from, int count, int threads, int batch,
                            IntFunction<String> body) throws Exception {
        AtomicInteger next = new AtomicInteger(from);
        int end = from + count;
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (Connection c = cf.createConnection()) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Session s = c.createSession(true, Session.SESSION_TRANSACTED);
                Thread w = new Thread(() -> {
                    try (s; MessageProducer p = s.createProducer(s.createQueue(queueName))) {
                        int inTx = 0;
                        for (int i = next.getAndIncrement(); i < end; i = next.getAndIncrement()) {
                            p.send(s.createTextMessage(body.apply(i)));
                            if (++inTx == batch) {
                                s.commit();
                                inTx = 0;
                            }
                        }
                        s.commit();
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                }, "bench-producer-" + t);
                w.start();
                workers.add(w);
            }
            for (Thread w : workers) {
                w.join();
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    interface Scheduled {
        void sent(int index, long intendedNanos);
    }

    /**
     * Open-loop fixed-rate load: message k is due at start + k/rate; it is registered with its due time before it
     * is sent, so a sender that falls behind counts as latency (no coordinated omission). One message per
     * non-transacted persistent send, as a live DVCLT producer does. Returns the number sent.
     */
    static int sendAtRate(ConnectionFactory cf, String queueName, int from, double perSecond, long durationNanos,
                          IntFunction<String> body, Scheduled registry) throws Exception {
        int senders = 4;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (Connection c = cf.createConnection()) {
            ThreadLocal<Object[]> session = ThreadLocal.withInitial(() -> {
                try {
                    Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    return new Object[] {s, s.createProducer(s.createQueue(queueName))};
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long period = (long) (1_000_000_000L / perSecond);
            long start = System.nanoTime() + 50_000_000L;
            int k = 0;
            for (; ; k++) {
                long due = start + k * period;
                if (due - start >= durationNanos || failure.get() != null) {
                    break;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int index = from + k;
                registry.sent(index, due);
                pool.execute(() -> {
                    try {
                        Object[] sp = session.get();
                        ((MessageProducer) sp[1]).send(((Session) sp[0]).createTextMessage(body.apply(index)));
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            if (failure.get() != null) {
                throw failure.get();
            }
            return k;
        }
    }

    /**
     * Broker-only throughput on the gateway's own broker configuration (EmbeddedBroker: persistent NIO journal,
     * datasync). Producers as in the end-to-end run (TCP, transacted batches); consumers in-VM with one local
     * transaction per message, like the gateway's transacted Camel consumers. With {@code pipeline} the
     * consumers reproduce the gateway's queue topology without its work: {@code stage1} consumers receive from
     * the inbound queue and send to a second queue in the same transaction, {@code stage2} consumers receive from
     * it. Otherwise {@code stage2} consumers receive from the inbound queue. Returns messages/s fully through.
     */
    static double brokerThroughput(Path dir, int warmup, int count, int producers, int batch, int stage1, int stage2,
                                   boolean pipeline, IntFunction<String> body) throws Exception {
        int port = FreePorts.next();
        // the gateway's broker settings, from the same environment variable the gateway reads
        long bufferTimeout = GatewayConfig.fromEnvironment().getLong("BROKER_JOURNAL_BUFFER_TIMEOUT_US",
                EmbeddedBroker.DEFAULT_JOURNAL_BUFFER_TIMEOUT_US);
        try (EmbeddedBroker broker = new EmbeddedBroker(dir, "tcp://127.0.0.1:" + port, false, 1000, 200, bufferTimeout)) {
            broker.start();
            ActiveMQConnectionFactory inVm = new ActiveMQConnectionFactory(EmbeddedBroker.IN_VM_URL);
            inVm.setBlockOnDurableSend(true);
            AtomicLong received = new AtomicLong();
            AtomicLong lastNanos = new AtomicLong();
            AtomicReference<Exception> failure = new AtomicReference<>();
            List<Thread> consumers = new ArrayList<>();
            try (Connection c = inVm.createConnection()) {
                c.start();
                String in = "bench.in";
                String mid = "bench.mid";
                if (pipeline) {
                    for (int i = 0; i < stage1; i++) {
                        consumers.add(consumer(c, in, mid, null, null, failure));
                    }
                }
                for (int i = 0; i < stage2; i++) {
                    consumers.add(consumer(c, pipeline ? mid : in, null, received, lastNanos, failure));
                }
                consumers.forEach(Thread::start);
                ActiveMQConnectionFactory tcp = tcpClient(port);
                sendBatched(tcp, in, 0, warmup, producers, batch, body);
                awaitCount(received, warmup, failure);
                long t0 = System.nanoTime();
                sendBatched(tcp, in, warmup, count, producers, batch, body);
                awaitCount(received, warmup + count, failure);
                tcp.close();
                return count / ((lastNanos.get() - t0) / 1e9);
            } finally {
                consumers.forEach(Thread::interrupt);
                for (Thread t : consumers) {
                    t.join(5000);
                }
            }
        }
    }

    private static Thread consumer(Connection c, String from, String to, AtomicLong received, AtomicLong lastNanos,
                                   AtomicReference<Exception> failure) throws Exception {
        Session s = c.createSession(true, Session.SESSION_TRANSACTED);
        Queue source = s.createQueue(from);
        MessageConsumer consumer = s.createConsumer(source);
        MessageProducer forward = to == null ? null : s.createProducer(s.createQueue(to));
        return new Thread(() -> {
            try (s) {
                while (!Thread.currentThread().isInterrupted()) {
                    Message m = consumer.receive(200);
                    if (m == null) {
                        continue;
                    }
                    if (forward != null) {
                        forward.send(s.createTextMessage(((TextMessage) m).getText()));
                    }
                    s.commit();
                    if (received != null) {
                        lastNanos.accumulateAndGet(System.nanoTime(), Math::max);
                        received.incrementAndGet();
                    }
                }
            } catch (Exception e) {
                if (!Thread.currentThread().isInterrupted()) {
                    failure.compareAndSet(null, e);
                }
            }
        }, "bench-consumer-" + from);
    }

    private static void awaitCount(AtomicLong received, long target, AtomicReference<Exception> failure)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (received.get() < target) {
            if (failure.get() != null) {
                throw failure.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("broker baseline stalled at " + received.get() + " of " + target);
            }
            Thread.sleep(2);
        }
    }
}
