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

import vn.lienthong.gateway.security.BrokerUsers;

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
            // inactive while security is off (sandbox); see requireLogin
            config.registerBrokerPlugin(new ReplyToGuard());
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
     * Outside the sandbox the acceptor other systems reach needs a user and password: the gateway's own user
     * (every permission, in-VM only) and no other system.
     */
    public EmbeddedBroker requireLogin(String user, String password) {
        return requireLogin(user, password, BrokerUsers.none());
    }

    /**
     * Outside the sandbox: the gateway's own user (every permission, accepted in-VM only) and the named users of
     * other systems, each limited by its role ({@link BrokerRoles}); a JMSReplyTo its sender may not consume is
     * refused ({@link ReplyToGuard}).
     */
    public EmbeddedBroker requireLogin(String user, String password, BrokerUsers users) {
        server.setSecurityManager(new BrokerLogins(user, password, users));
        Configuration config = server.getConfiguration();
        config.setSecurityEnabled(true);
        config.setSecurityRoles(new java.util.HashMap<>(BrokerRoles.settings(users.users())));
        // no login cache: a cached login skips the check that the gateway's own user comes in-VM
        config.setAuthenticationCacheSize(0);
        for (String queue : BrokerRoles.externalQueues()) {
            config.addAddressConfiguration(new org.apache.activemq.artemis.core.config.CoreAddressConfiguration()
                    .setName(queue).addRoutingType(org.apache.activemq.artemis.api.core.RoutingType.ANYCAST)
                    .addQueueConfiguration(org.apache.activemq.artemis.api.core.QueueConfiguration.of(queue)
                            .setRoutingType(org.apache.activemq.artemis.api.core.RoutingType.ANYCAST)));
        }
        return this;
    }

    /**
     * TLS on the TCP acceptor (EMBEDDED_BROKER_TLS_KEYSTORE, a PKCS12 key store, and its password): clients then
     * connect with {@code tcp://host:port?sslEnabled=true&trustStorePath=...}. Without it, an acceptor that is not on
     * loopback carries logins and dossiers in clear: warned at start.
     */
    public EmbeddedBroker tls(String keyStore, String keyStorePassword) {
        org.apache.activemq.artemis.api.core.TransportConfiguration tcp = server.getConfiguration()
                .getAcceptorConfigurations().stream().filter(a -> "tcp".equals(a.getName())).findFirst().orElse(null);
        if (tcp == null) {
            return this;
        }
        if (keyStore == null) {
            Object host = tcp.getParams().get("host");
            if (host != null && !isLoopback(host.toString())) {
                LOG.warn("The embedded broker's acceptor listens on {} without TLS: logins and messages cross the "
                        + "network in clear (set EMBEDDED_BROKER_TLS_KEYSTORE)", host);
            }
            return this;
        }
        if (!java.nio.file.Files.isReadable(Path.of(keyStore))) {
            throw new ConfigException("EMBEDDED_BROKER_TLS_KEYSTORE is not a readable file");
        }
        if (keyStorePassword == null) {
            throw new ConfigException("EMBEDDED_BROKER_TLS_KEYSTORE requires EMBEDDED_BROKER_TLS_KEYSTORE_PASSWORD (or _FILE)");
        }
        // parameters set here rather than in the URL: a password may hold characters a URL cannot
        java.util.Map<String, Object> params = new java.util.HashMap<>(tcp.getParams());
        params.put("sslEnabled", "true");
        params.put("keyStorePath", keyStore);
        params.put("keyStorePassword", keyStorePassword);
        params.put("keyStoreType", "PKCS12");
        params.put("enabledProtocols", "TLSv1.3,TLSv1.2");
        server.getConfiguration().getAcceptorConfigurations().remove(tcp);
        server.getConfiguration().addAcceptorConfiguration(new org.apache.activemq.artemis.api.core.TransportConfiguration(
                tcp.getFactoryClassName(), params, tcp.getName(), tcp.getExtraParams()));
        return this;
    }

    static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
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
