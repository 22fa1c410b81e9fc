package vn.lienthong.gateway.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's hands on the broker, in plain JMS: browsing, and replay/discard as one local transaction
 * (receive the message by its JMSMessageID, send its replacement, commit). Queue names and depths come from
 * Artemis's management address, so they work on the embedded and on an external broker alike.
 */
final class JmsQueues implements QueueAccess {

    private static final Logger LOG = LoggerFactory.getLogger(JmsQueues.class);
    private static final Pattern MESSAGE_ID = Pattern.compile("ID:[A-Za-z0-9:._-]{1,120}");
    private static final String MANAGEMENT = "activemq.management";
    private static final long RECEIVE_MS = 2000;

    private final ConnectionFactory factory;

    JmsQueues(ConnectionFactory factory) {
        this.factory = factory;
    }

    @Override
    public List<String> queueNames() {
        Object result = manage(ResourceNames.BROKER, "queueNames");
        List<String> names = new ArrayList<>();
        if (result instanceof Object[] array) {
            for (Object o : array) {
                names.add(String.valueOf(o));
            }
        }
        return names;
    }

    @Override
    public long depth(String queue) {
        Object result = manage(ResourceNames.QUEUE + queue, "messageCount");
        if (result instanceof Number n) {
            return n.longValue();
        }
        return result == null ? -1 : 0;
    }

    /** One management read; null when the broker does not answer (e.g. the queue does not exist yet). */
    private Object manage(String resource, String attribute) {
        try (Connection c = factory.createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            TemporaryQueue reply = s.createTemporaryQueue();
            try {
                jakarta.jms.Message request = s.createMessage();
                JMSManagementHelper.putAttribute(request, resource, attribute);
                request.setJMSReplyTo(reply);
                try (MessageProducer p = s.createProducer(s.createQueue(MANAGEMENT));
                     MessageConsumer consumer = s.createConsumer(reply)) {
                    p.send(request);
                    jakarta.jms.Message answer = consumer.receive(RECEIVE_MS);
                    if (answer == null || !JMSManagementHelper.hasOperationSucceeded(answer)) {
                        return null;
                    }
                    return JMSManagementHelper.getResult(answer);
                }
            } finally {
                reply.delete();
            }
        } catch (Exception e) {
            LOG.debug("Broker management read {} {} failed: {}", resource, attribute, e.toString());
            return null;
        }
    }

    @Override
    public List<QueueAccess.Message> browse(String queue, int limit) {
        List<QueueAccess.Message> out = new ArrayList<>();
        try (Connection c = factory.createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            try (QueueBrowser b = s.createBrowser(s.createQueue(queue))) {
                Enumeration<?> e = b.getEnumeration();
                while (e.hasMoreElements() && out.size() < limit) {
                    out.add(read((jakarta.jms.Message) e.nextElement()));
                }
            }
        } catch (JMSException e) {
            throw new IllegalStateException("cannot browse " + queue + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public boolean take(String queue, String id, Function<QueueAccess.Message, Outgoing> decide) {
        if (id == null || !MESSAGE_ID.matcher(id).matches()) {
            return false;
        }
        try (Connection c = factory.createConnection();
             Session s = c.createSession(true, Session.SESSION_TRANSACTED)) {
            c.start();
            Queue source = s.createQueue(queue);
            try (MessageConsumer consumer = s.createConsumer(source, "JMSMessageID = '" + id + "'")) {
                jakarta.jms.Message m = consumer.receive(RECEIVE_MS);
                if (m == null) {
                    s.rollback();
                    return false;
                }
                try {
                    Outgoing out = decide.apply(read(m));
                    if (out != null) {
                        TextMessage replacement = s.createTextMessage(out.text());
                        for (Map.Entry<String, String> h : out.properties().entrySet()) {
                            replacement.setStringProperty(h.getKey(), h.getValue());
                        }
                        try (MessageProducer p = s.createProducer(s.createQueue(out.queue()))) {
                            p.send(replacement);
                        }
                    }
                    s.commit();
                    return true;
                } catch (RuntimeException | JMSException e) {
                    s.rollback();
                    throw e;
                }
            }
        } catch (JMSException e) {
            throw new IllegalStateException("cannot take message " + id + " from " + queue + ": " + e.getMessage(), e);
        }
    }

    private static QueueAccess.Message read(jakarta.jms.Message m) throws JMSException {
        Map<String, String> props = new LinkedHashMap<>();
        for (Object name : Collections.list(m.getPropertyNames())) {
            Object v = m.getObjectProperty(name.toString());
            props.put(name.toString(), v == null ? null : v.toString());
        }
        String text = m instanceof TextMessage t ? t.getText() : null;
        return new QueueAccess.Message(m.getJMSMessageID(),
                m.getJMSTimestamp() > 0 ? Instant.ofEpochMilli(m.getJMSTimestamp()) : null, text, props);
    }
}
