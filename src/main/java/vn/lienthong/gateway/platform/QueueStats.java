package vn.lienthong.gateway.platform;

import java.util.Map;
import java.util.TreeMap;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.ActiveMQJMSClient;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;

/** Message counts of the broker's queues (metrics, readiness, console), embedded or external Artemis alike. */
public interface QueueStats {

    /** Queue name -> messages waiting (including scheduled redeliveries). Internal queues are left out. */
    Map<String, Long> depths();

    /** Reads the embedded server directly. */
    static QueueStats embedded(ActiveMQServer server) {
        return () -> {
            Map<String, Long> depths = new TreeMap<>();
            for (SimpleString name : server.getPostOffice().getAddresses()) {
                try {
                    for (SimpleString queueName : server.bindingQuery(name).getQueueNames()) {
                        Queue queue = server.locateQueue(queueName);
                        if (queue != null && !queue.isInternalQueue() && !queue.isTemporary()
                                && !queueName.toString().startsWith("activemq.")) {
                            depths.put(queueName.toString(), queue.getMessageCount());
                        }
                    }
                } catch (Exception e) {
                    // an address removed while listing: skip it
                }
            }
            return depths;
        };
    }

    /** Asks an external Artemis through its management address (needs the 'manage' permission). */
    static QueueStats viaManagement(ConnectionFactory factory) {
        return () -> {
            Map<String, Long> depths = new TreeMap<>();
            try (Connection c = factory.createConnection()) {
                c.start();
                QueueSession session = ((jakarta.jms.QueueConnection) c).createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
                QueueRequestor requestor = new QueueRequestor(session, ActiveMQJMSClient.createQueue("activemq.management"));
                Message m = session.createMessage();
                JMSManagementHelper.putAttribute(m, ResourceNames.BROKER, "queueNames");
                Object[] names = (Object[]) JMSManagementHelper.getResult(requestor.request(m));
                for (Object name : names) {
                    String q = name.toString();
                    if (q.startsWith("activemq.") || q.startsWith("$")) {
                        continue;
                    }
                    Message count = session.createMessage();
                    JMSManagementHelper.putAttribute(count, ResourceNames.QUEUE + q, "messageCount");
                    Object result = JMSManagementHelper.getResult(requestor.request(count));
                    depths.put(q, ((Number) result).longValue());
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot read queue depths from the broker: " + e.getMessage(), e);
            }
            return depths;
        };
    }
}
