package vn.lienthong.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.lienthong.gateway.platform.EmbeddedBroker;
import vn.lienthong.gateway.support.FreePorts;

/**
 * Named broker users with roles: a real JMS client per role over the embedded broker's TCP acceptor. Allowed
 * sends work; forbidden sends, consumes, browses, management and reply-to queues are refused by the broker.
 */
class BrokerRolesTest {

    static final String GATEWAY_PASSWORD = "gw-Secret-0001";
    static final Map<String, String> PASSWORDS = Map.of("mcdt", "oss-Secret-0002", "his-bv-a", "his-Secret-0003",
            "his-bv-b", "his-Secret-0004", "ops", "ops-Secret-0005");

    @TempDir
    static Path dir;
    static EmbeddedBroker broker;
    static String url;

    static String users() {
        return "mcdt:one-stop-shop:" + hash("mcdt") + ",his-bv-a:hospital:" + hash("his-bv-a")
                + ",his-bv-b:hospital:" + hash("his-bv-b") + ",ops:admin:" + hash("ops");
    }

    static String hash(String user) {
        return HexFormat.of().formatHex(ApiClients.sha256(PASSWORDS.get(user)));
    }

    @BeforeAll
    static void startBroker() throws Exception {
        int port = FreePorts.next();
        url = "tcp://127.0.0.1:" + port;
        broker = new EmbeddedBroker(dir, url, false, 100, 10)
                .requireLogin("gateway", GATEWAY_PASSWORD, BrokerUsers.parse(users(), "gateway"));
        broker.start();
        // the gateway's queues exist (its consumers create them at start), with a message each
        try (Connection c = inVm()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String q : List.of("civil.dossier.dispatch", "DLQ.civil.dispatch", "civil.dossier.invalid",
                    "health.invalid", "dvcqg.papers.reply")) {
                s.createProducer(s.createQueue(q)).send(s.createTextMessage("secret payload of " + q));
            }
            for (String q : List.of("civil.dossier.inbound", "civil.dossier.decision", "molisa.dossier.inbound",
                    "molisa.progress.inbound", "dvcqg.papers.request", "health.birth.inbound", "health.death.inbound")) {
                s.createConsumer(s.createQueue(q)).close();
            }
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    static Connection inVm() throws Exception {
        Connection c = new ActiveMQConnectionFactory(EmbeddedBroker.IN_VM_URL, "gateway", GATEWAY_PASSWORD).createConnection();
        c.start();
        return c;
    }

    static Connection login(String user) throws Exception {
        Connection c = new ActiveMQConnectionFactory(url, user, PASSWORDS.get(user)).createConnection();
        c.start();
        return c;
    }

    static void send(Session s, String queue) throws Exception {
        s.createProducer(s.createQueue(queue)).send(s.createTextMessage("{}"));
    }

    static void sendWithReplyTo(Session s, String queue, String replyTo) throws Exception {
        TextMessage m = s.createTextMessage("{}");
        m.setJMSReplyTo(s.createQueue(replyTo));
        s.createProducer(s.createQueue(queue)).send(m);
    }

    static List<?> browse(Session s, String queue) throws Exception {
        return Collections.list(s.createBrowser(s.createQueue(queue)).getEnumeration());
    }

    @Test
    void theGatewaysOwnUserIsRefusedOverTcpAndSoAreUnknownAndWrongLogins() {
        assertThatThrownBy(() -> new ActiveMQConnectionFactory(url, "gateway", GATEWAY_PASSWORD).createConnection().close())
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> new ActiveMQConnectionFactory(url).createConnection().close())
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> new ActiveMQConnectionFactory(url, "his-bv-a", PASSWORDS.get("his-bv-b")).createConnection().close())
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> new ActiveMQConnectionFactory(url, "intruder", "x").createConnection().close())
                .isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void theOneStopShopSendsToItsIntakeQueuesOnly() throws Exception {
        try (Connection c = login("mcdt")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String q : List.of("civil.dossier.inbound", "civil.dossier.decision", "molisa.dossier.inbound",
                    "molisa.progress.inbound", "dvcqg.papers.request")) {
                assertThatCode(() -> send(s, q)).as("send to " + q).doesNotThrowAnyException();
            }
            for (String q : List.of("civil.dossier.dispatch", "civil.dossier.invalid", "DLQ.civil.dispatch",
                    "health.birth.inbound", "brand.new.address")) {
                assertThatThrownBy(() -> send(s, q)).as("send to " + q).isInstanceOf(JMSSecurityException.class);
            }
            for (String q : List.of("civil.dossier.inbound", "civil.dossier.dispatch", "DLQ.civil.dispatch")) {
                assertThatThrownBy(() -> s.createConsumer(s.createQueue(q))).as("consume " + q)
                        .isInstanceOf(JMSSecurityException.class);
                assertThatThrownBy(() -> browse(s, q)).as("browse " + q).isInstanceOf(JMSSecurityException.class);
            }
            // its papers answers (requests without JMSReplyTo) are its to read
            MessageConsumer replies = s.createConsumer(s.createQueue("dvcqg.papers.reply"));
            assertThat(((TextMessage) replies.receive(5000)).getText()).isEqualTo("secret payload of dvcqg.papers.reply");
        }
    }

    @Test
    void aHospitalSendsItsNoticesOnlyAndReadsNoOneElsesQueue() throws Exception {
        try (Connection c = login("his-bv-a")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThatCode(() -> send(s, "health.birth.inbound")).doesNotThrowAnyException();
            assertThatCode(() -> send(s, "health.death.inbound")).doesNotThrowAnyException();
            for (String q : List.of("civil.dossier.inbound", "civil.dossier.dispatch", "dvcqg.papers.request",
                    "health.invalid", "DLQ.civil.dispatch")) {
                assertThatThrownBy(() -> send(s, q)).as("send to " + q).isInstanceOf(JMSSecurityException.class);
            }
            for (String q : List.of("health.birth.inbound", "health.invalid", "DLQ.civil.dispatch", "dvcqg.papers.reply",
                    "civil.dossier.dispatch")) {
                assertThatThrownBy(() -> s.createConsumer(s.createQueue(q))).as("consume " + q)
                        .isInstanceOf(JMSSecurityException.class);
                assertThatThrownBy(() -> browse(s, q)).as("browse " + q).isInstanceOf(JMSSecurityException.class);
            }
            // no temporary queues for external users: consuming one needs consume on every address
            assertThatThrownBy(s::createTemporaryQueue).isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void eachUserHasItsOwnReplyQueuesThatOnlyTheGatewayWritesTo() throws Exception {
        try (Connection a = login("his-bv-a"); Connection b = login("his-bv-b")) {
            Session sa = a.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session sb = b.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer own = sa.createConsumer(sa.createQueue("reply.his-bv-a.answers"));
            assertThatThrownBy(() -> sb.createConsumer(sb.createQueue("reply.his-bv-a.answers")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> browse(sb, "reply.his-bv-a.answers")).isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> send(sb, "reply.his-bv-a.answers")).as("forging a reply")
                    .isInstanceOf(JMSSecurityException.class);
            try (Connection g = inVm()) {
                send(g.createSession(false, Session.AUTO_ACKNOWLEDGE), "reply.his-bv-a.answers");
            }
            assertThat(own.receive(5000)).isNotNull();
        }
    }

    @Test
    void aJmsReplyToTheSenderMayNotConsumeIsRefusedAtTheSendWithTheCause() throws Exception {
        try (Connection c = login("his-bv-a"); Connection oss = login("mcdt")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String replyTo : List.of("civil.dossier.dispatch", "DLQ.civil.dispatch", "health.invalid",
                    "reply.his-bv-b.answers", "dvcqg.papers.reply")) {
                assertThatThrownBy(() -> sendWithReplyTo(s, "health.birth.inbound", replyTo)).as("reply to " + replyTo)
                        .isInstanceOf(JMSSecurityException.class)
                        .hasMessageContaining("JMSReplyTo").hasMessageContaining(replyTo);
            }
            s.createConsumer(s.createQueue("reply.his-bv-a.answers")).close();
            assertThatCode(() -> sendWithReplyTo(s, "health.birth.inbound", "reply.his-bv-a.answers"))
                    .doesNotThrowAnyException();
            Session so = oss.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThatCode(() -> sendWithReplyTo(so, "dvcqg.papers.request", "dvcqg.papers.reply"))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> sendWithReplyTo(so, "dvcqg.papers.request", "civil.dossier.dispatch"))
                    .isInstanceOf(JMSSecurityException.class).hasMessageContaining("JMSReplyTo");
        }
        try (Connection g = inVm()) {
            Session s = g.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThat(browse(s, "civil.dossier.dispatch")).as("nothing slipped into the work queue").hasSize(1);
        }
    }

    @Test
    void managementIsForTheAdminRoleAndTheGatewayOnly() throws Exception {
        for (String user : List.of("his-bv-a", "mcdt")) {
            try (Connection c = login(user)) {
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Message m = s.createMessage();
                JMSManagementHelper.putOperationInvocation(m, "broker", "destroyQueue", "civil.dossier.dispatch");
                assertThatThrownBy(() -> s.createProducer(s.createQueue("activemq.management")).send(m)).as(user)
                        .isInstanceOf(JMSSecurityException.class);
            }
        }
        try (jakarta.jms.QueueConnection c = new ActiveMQConnectionFactory(url, "ops", PASSWORDS.get("ops")).createQueueConnection()) {
            c.start();
            QueueSession s = c.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueRequestor requestor = new QueueRequestor(s, s.createQueue("activemq.management"));
            Message m = s.createMessage();
            JMSManagementHelper.putAttribute(m, "queue.civil.dossier.dispatch", "messageCount");
            Message answer = requestor.request(m);
            assertThat(JMSManagementHelper.hasOperationSucceeded(answer)).isTrue();
            assertThat(((Number) JMSManagementHelper.getResult(answer)).longValue()).isEqualTo(1);
            // management, not the dossiers: the admin reads no work queue or dead letter itself
            assertThatThrownBy(() -> s.createConsumer(s.createQueue("civil.dossier.dispatch")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> browse(s, "DLQ.civil.dispatch")).isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> send(s, "civil.dossier.inbound")).isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void theGatewaysOwnInVmConnectionKeepsEveryPermission() throws Exception {
        try (jakarta.jms.QueueConnection c = new ActiveMQConnectionFactory(EmbeddedBroker.IN_VM_URL, "gateway", GATEWAY_PASSWORD)
                .createQueueConnection()) {
            c.start();
            QueueSession s = c.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThat(browse(s, "DLQ.civil.dispatch")).hasSize(1);
            send(s, "DLQ.civil.dispatch");
            send(s, "civil.dossier.dispatch");
            sendWithReplyTo(s, "health.death.inbound", "civil.dossier.invalid");
            Message m = s.createMessage();
            JMSManagementHelper.putAttribute(m, "queue.DLQ.civil.dispatch", "messageCount");
            Message answer = new QueueRequestor(s, s.createQueue("activemq.management")).request(m);
            assertThat(((Number) JMSManagementHelper.getResult(answer)).longValue()).isEqualTo(2);
            // consume both dead letters and both dispatch messages, then put the other tests' one of each back
            MessageConsumer dlq = s.createConsumer(s.createQueue("DLQ.civil.dispatch"));
            assertThat(dlq.receive(5000)).isNotNull();
            assertThat(dlq.receive(5000)).isNotNull();
            dlq.close();
            MessageConsumer dispatch = s.createConsumer(s.createQueue("civil.dossier.dispatch"));
            assertThat(dispatch.receive(5000)).isNotNull();
            assertThat(dispatch.receive(5000)).isNotNull();
            dispatch.close();
            send(s, "civil.dossier.dispatch");
            send(s, "DLQ.civil.dispatch");
            MessageConsumer deaths = s.createConsumer(s.createQueue("health.death.inbound"));
            boolean withReplyTo = false;
            for (Message death = deaths.receive(5000); death != null && !withReplyTo; death = deaths.receive(1000)) {
                withReplyTo = death.getJMSReplyTo() != null;
            }
            assertThat(withReplyTo).as("the gateway may name any reply queue").isTrue();
        }
    }

    @Test
    void badUserEntriesAreRefusedNamingTheEntryNeverTheHash() {
        String hash = hash("mcdt");
        assertThatThrownBy(() -> BrokerUsers.parse("mcdt:one-stop-shop:" + hash + ",x:root:" + hash, "gateway"))
                .hasMessageContaining("entry 2").hasMessageContaining("role").hasMessageNotContaining(hash);
        assertThatThrownBy(() -> BrokerUsers.parse("gateway:hospital:" + hash, "gateway"))
                .hasMessageContaining("entry 1").hasMessageContaining("EMBEDDED_BROKER_USER");
        assertThatThrownBy(() -> BrokerUsers.parse("a.#:hospital:" + hash, "gateway")).hasMessageContaining("name");
        assertThatThrownBy(() -> BrokerUsers.parse("a:hospital:secret", "gateway"))
                .hasMessageContaining("sha256").hasMessageNotContaining("secret");
        assertThat(BrokerUsers.parse(users(), "gateway").login("mcdt", PASSWORDS.get("mcdt"))).isPresent();
        assertThat(BrokerUsers.parse(users(), "gateway").login("mcdt", PASSWORDS.get("ops"))).isEmpty();
    }

    /** The standalone/HA brokers (docker/artemis) carry the same table, read by Artemis's own parser. */
    @Test
    void theStandaloneBrokersHaveTheSameRolesAsTheEmbeddedOne() throws Exception {
        System.setProperty("artemis.cluster.password", "test-only");
        List<BrokerUsers.User> examples = BrokerUsers.parse("mcdt:one-stop-shop:" + hash("mcdt") + ",his-bv-a:hospital:"
                + hash("his-bv-a"), "gateway").users();
        Map<String, java.util.Set<String>> expected = permissions(vn.lienthong.gateway.platform.BrokerRoles.settings(examples));
        for (String node : List.of("primary", "backup")) {
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(Path.of("docker", "artemis", node, "broker.xml"))) {
                org.apache.activemq.artemis.core.deployers.impl.FileConfigurationParser parser =
                        new org.apache.activemq.artemis.core.deployers.impl.FileConfigurationParser();
                parser.setValidateAIO(false);
                var config = parser.parseMainConfig(in);
                assertThat(permissions(config.getSecurityRoles())).as(node).isEqualTo(expected);
                assertThat(config.getAddressConfigurations()).extracting(a -> a.getName())
                        .as(node + ": the queues other systems use exist with the broker")
                        .containsAll(vn.lienthong.gateway.platform.BrokerRoles.externalQueues());
            }
        }
    }

    /** match -> "role:permission" (view/edit left out: they only matter with management RBAC, off here). */
    static Map<String, java.util.Set<String>> permissions(Map<String, java.util.Set<org.apache.activemq.artemis.core.security.Role>> settings) {
        Map<String, java.util.Set<String>> out = new java.util.TreeMap<>();
        settings.forEach((match, roles) -> {
            java.util.Set<String> perms = new java.util.TreeSet<>();
            for (var role : roles) {
                for (var type : org.apache.activemq.artemis.core.security.CheckType.values()) {
                    if (type != org.apache.activemq.artemis.core.security.CheckType.VIEW
                            && type != org.apache.activemq.artemis.core.security.CheckType.EDIT && type.hasRole(role)) {
                        perms.add(role.getName() + ":" + type);
                    }
                }
            }
            out.put(match, perms);
        });
        return out;
    }

}
