package vn.lienthong.gateway.platform;

import java.nio.file.Path;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker the gateway runs on when no BROKER_URL is given: persistent journal under the data directory,
 * an in-VM acceptor for the gateway itself and a TCP acceptor (CORE, AMQP, STOMP) for other systems.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    public static final String IN_VM_URL = "vm://0";
    /** Journal write-gathering window (BROKER_JOURNAL_BUFFER_TIMEOUT_US); SSD-class disks sync in well under this. */
    public static final long DEFAULT_JOURNAL_BUFFER_TIMEOUT_US = 500;

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();

    /**
     * @param redeliveryDelayMs first delay before a rolled-back message is delivered again (doubles each time)
     */
    static final long GLOBAL_MAX_SIZE_BYTES = 64L * 1024 * 1024;

    public EmbeddedBroker(Path dir, String tcpAcceptor, boolean securityEnabled, long redeliveryDelayMs,
                          int maxDeliveryAttempts) {
        this(dir, tcpAcceptor, securityEnabled, redeliveryDelayMs, maxDeliveryAttempts, DEFAULT_JOURNAL_BUFFER_TIMEOUT_US);
    }

    /**
     * @param journalBufferTimeoutMicros how long the journal gathers writes before one fsync: a durable send or a
     *                                   commit waits up to this long. Artemis's own NIO default (3,333 us) suits
     *                                   a spinning disk (300 syncs/s); see {@link #DEFAULT_JOURNAL_BUFFER_TIMEOUT_US}.
     */
    public EmbeddedBroker(Path dir, String tcpAcceptor, boolean securityEnabled, long redeliveryDelayMs,
                          int maxDeliveryAttempts, long journalBufferTimeoutMicros) {
        try {
            Configuration config = new ConfigurationImpl()
                    .setName("gateway-embedded")
                    .setPersistenceEnabled(true)
                    .setJournalType(JournalType.NIO)
                    .setJournalDirectory(dir.resolve("journal").toString())
                    .setBindingsDirectory(dir.resolve("bindings").toString())
                    .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                    .setPagingDirectory(dir.resolve("paging").toString())
                    .setJournalDatasync(true)
                    // Page to disk once queued messages hold 64 MB (Artemis's default is half the heap): in a long
                    // backlog the heap then goes to the database's row cache instead (BENCHMARKS.md)
                    .setGlobalMaxSize(GLOBAL_MAX_SIZE_BYTES)
                    .setJournalBufferTimeout_NIO((int) Math.min(Integer.MAX_VALUE, journalBufferTimeoutMicros * 1000))
                    .setSecurityEnabled(securityEnabled)
                    .setJMXManagementEnabled(true)
                    .setGracefulShutdownEnabled(true)
                    .setGracefulShutdownTimeout(5000)
                    .addAcceptorConfiguration("in-vm", IN_VM_URL);
            if (tcpAcceptor != null && !tcpAcceptor.isBlank() && !"none".equalsIgnoreCase(tcpAcceptor)) {
                config.addAcceptorConfiguration("tcp", tcpAcceptor + (tcpAcceptor.contains("?") ? "&" : "?")
                        + "protocols=CORE,AMQP,STOMP");
            }
            // Rolled-back deliveries come back with exponential backoff: these are the gateway's retries.
            // The routes dead-letter with the cause after RETRY_MAX deliveries; the broker's own limit (to the
            // plain DLQ address) only stops a message that can never be processed, e.g. a dead database.
            config.addAddressSetting("#", new AddressSettings()
                    .setRedeliveryDelay(redeliveryDelayMs)
                    .setRedeliveryMultiplier(2.0)
                    .setMaxRedeliveryDelay(60_000)
                    .setMaxDeliveryAttempts(maxDeliveryAttempts)
                    .setAutoCreateQueues(true)
                    .setAutoCreateAddresses(true)
                    .setAutoDeleteQueues(false)
                    .setAutoDeleteAddresses(false)
                    .setDeadLetterAddress(SimpleString.of("DLQ"))
                    .setExpiryAddress(SimpleString.of("ExpiryQueue")));
            server.setConfiguration(config);
        } catch (Exception e) {
            throw new IllegalStateException("cannot configure the embedded broker: " + e.getMessage(), e);
        }
    }

    /**
     * Outside the sandbox the acceptor other systems reach needs a user and password: one user with every
     * permission on every address (the gateway itself logs in with it over in-VM).
     */
    public EmbeddedBroker requireLogin(String user, String password) {
        org.apache.activemq.artemis.core.config.impl.SecurityConfiguration users =
                new org.apache.activemq.artemis.core.config.impl.SecurityConfiguration();
        users.addUser(user, password);
        users.addRole(user, "gateway");
        server.setSecurityManager(new org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager(
                org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule.class.getName(), users));
        server.getConfiguration().setSecurityEnabled(true);
        server.getConfiguration().putSecurityRoles("#", java.util.Set.of(new org.apache.activemq.artemis.core.security.Role(
                "gateway", true, true, true, true, true, true, true, true, true, true)));
        return this;
    }

    public void start() {
        try {
            server.start();
            LOG.info("Embedded Artemis broker started (journal under data directory)");
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded broker: " + e.getMessage(), e);
        }
    }

    public EmbeddedActiveMQ server() {
        return server;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Embedded broker did not stop cleanly: {}", e.toString());
        }
    }
}
