package vn.lienthong.gateway.platform;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * Broker plugin: a message whose JMSReplyTo names an address its sender may not consume is refused at the send,
 * with the cause. The gateway answers JMSReplyTo with its own all-powerful user, so without this a hospital could
 * have the gateway write into civil.dossier.dispatch or a DLQ by naming it as its reply queue. Refusing the send
 * (rather than dropping the reply later) loses nothing: the sender still holds its message and learns why.
 * Uses Artemis's own permission check, so it follows the security settings exactly; inactive when security is off
 * (sandbox). Also deployable in a standalone broker ({@code <broker-plugin class-name="...ReplyToGuard"/>}).
 */
public final class ReplyToGuard implements ActiveMQServerMessagePlugin {

    private volatile ActiveMQServer server;

    @Override
    public void registered(ActiveMQServer server) {
        this.server = server;
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
                           boolean noAutoCreateQueue) throws ActiveMQException {
        SimpleString replyTo = message.getReplyTo();
        ActiveMQServer broker = server;
        if (replyTo == null || session == null || broker == null || !broker.getSecurityStore().isSecurityEnabled()) {
            return;
        }
        replyTo = address(replyTo);
        try {
            broker.getSecurityStore().check(replyTo, CheckType.CONSUME, session);
        } catch (Exception refused) {
            throw new ActiveMQSecurityException("JMSReplyTo '" + message.getReplyTo() + "' refused: user '" + session.getUsername()
                    + "' may not consume from it; replies go only to queues the sender may consume (reply."
                    + session.getUsername() + ".<name>)");
        }
    }

    /** The address a JMS reply-to names: the JMS client writes it as queue://name (topic://, temp-queue://). */
    static SimpleString address(SimpleString replyTo) {
        String value = replyTo.toString();
        int scheme = value.indexOf("://");
        return scheme < 0 ? replyTo : SimpleString.of(value.substring(scheme + 3));
    }
}
