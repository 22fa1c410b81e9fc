package vn.lienthong.gateway.security;

import vn.lienthong.gateway.sandbox.PmhtSimulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.lienthong.gateway.support.Dossiers.json;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import vn.lienthong.gateway.molisa.MolisaClient;
import vn.lienthong.gateway.platform.ConfigException;
import vn.lienthong.gateway.platform.Gateway;
import vn.lienthong.gateway.platform.GatewayConfig;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;
import vn.lienthong.gateway.support.HttpsFront;
import vn.lienthong.gateway.support.ProductionEnv;
import vn.lienthong.gateway.support.TestCertificates;
import vn.lienthong.gateway.support.FreePorts;

/**
 * Upstream calls over TLS: an upstream whose certificate comes from a CA the gateway does not trust is refused
 * (nothing pushed, the dossier dead-lettered as for any unreachable upstream) and accepted once UPSTREAM_TRUSTSTORE
 * holds that CA; both for camel-http (PMHT) and the JDK client (MOLISA). Outside the sandbox a plain http:// upstream
 * refuses the start unless ALLOW_PLAIN_HTTP_UPSTREAMS names it, and then it is logged as a warning.
 */
class UpstreamTlsTest {

    @TempDir
    static Path dir;
    static TestCertificates upstreamCa;
    static Path upstreamKeys;

    @BeforeAll
    static void certificates() throws Exception {
        upstreamCa = TestCertificates.newCa(dir, "upstream-ca");
        upstreamKeys = upstreamCa.server("upstream");
    }

    /** The sandbox with PMHT and MOLISA behind HTTPS fronts carrying the upstream CA's certificate. */
    record Setup(GatewayHarness gw, HttpsFront pmht, HttpsFront molisa) implements AutoCloseable {
        @Override
        public void close() {
            gw.close();
            pmht.close();
            molisa.close();
        }
    }

    static Setup start(Map<String, String> extra) throws Exception {
        return start(upstreamKeys, extra);
    }

    static Setup start(Path keys, Map<String, String> extra) throws Exception {
        int pmhtPort = FreePorts.next();
        int molisaPort = FreePorts.next();
        HttpsFront pmht = new HttpsFront(keys, upstreamCa.trustStore(), pmhtPort);
        HttpsFront molisa = new HttpsFront(keys, upstreamCa.trustStore(), molisaPort);
        Map<String, String> env = new HashMap<>(extra);
        env.put("PMHT_SIM_PORT", String.valueOf(pmhtPort));
        env.put("PMHT_URL", "https://127.0.0.1:" + pmht.port() + "/pmht");
        env.put("MOLISA_SIM_PORT", String.valueOf(molisaPort));
        env.put("MOLISA_URL", "https://127.0.0.1:" + molisa.port());
        return new Setup(GatewayHarness.start(env), pmht, molisa);
    }

    @Test
    void anUpstreamCertificateFromAnUntrustedCaIsRefusedAndTheDossierDeadLettered() throws Exception {
        try (Setup s = start(Map.of())) {
            String maHoSo = "G22.99.08-260713-7101";
            assertThat(s.gw().post("/api/civil/dossiers", json(Dossiers.birth(maHoSo))).statusCode()).isEqualTo(202);
            GatewayHarness.QueuedMessage dead = s.gw().awaitQueued("DLQ.civil.dispatch", Duration.ofSeconds(60),
                    m -> m.textContains(maHoSo));
            assertThat(dead.properties().get("gatewayFailureCause")).containsAnyOf("SSLHandshakeException", "PKIX");
            assertThat(s.gw().gateway().ledger().find(maHoSo).orElseThrow().state()).isNotEqualTo("SENT");
            assertThat(s.gw().gateway().bean("pmhtSimulator", PmhtSimulator.class).acceptedCount(maHoSo)).isZero();
            assertThat(s.pmht().requests()).as("no request got through the TLS handshake").isZero();

            MolisaClient molisa = s.gw().gateway().bean("molisaClient", MolisaClient.class);
            assertThatThrownBy(molisa::getToken).hasStackTraceContaining("PKIX");
            assertThat(s.molisa().requests()).isZero();
        }
    }

    @Test
    void theSameUpstreamIsAcceptedWithItsCaInTheUpstreamTrustStore() throws Exception {
        try (Setup s = start(Map.of("UPSTREAM_TRUSTSTORE", upstreamCa.trustStore().toString(),
                "UPSTREAM_TRUSTSTORE_PASSWORD", TestCertificates.PASSWORD))) {
            String maHoSo = "G22.99.08-260713-7102";
            assertThat(s.gw().post("/api/civil/dossiers", json(Dossiers.birth(maHoSo))).statusCode()).isEqualTo(202);
            s.gw().awaitState(maHoSo, "SENT");
            assertThat(s.gw().gateway().bean("pmhtSimulator", PmhtSimulator.class).acceptedCount(maHoSo)).isEqualTo(1);
            assertThat(s.pmht().requests()).isPositive();

            MolisaClient molisa = s.gw().gateway().bean("molisaClient", MolisaClient.class);
            assertThat(molisa.getToken()).isNotBlank();
            assertThat(s.molisa().requests()).isPositive();
        }
    }

    @Test
    void theHostNameIsVerifiedEvenWithATrustedCa() throws Exception {
        // signed by the trusted CA, but for another host than 127.0.0.1
        Path otherHost = upstreamCa.server("other-host", "dns:pmht.example");
        try (Setup s = start(otherHost, Map.of("UPSTREAM_TRUSTSTORE", upstreamCa.trustStore().toString(),
                "UPSTREAM_TRUSTSTORE_PASSWORD", TestCertificates.PASSWORD))) {
            String maHoSo = "G22.99.08-260713-7103";
            assertThat(s.gw().post("/api/civil/dossiers", json(Dossiers.birth(maHoSo))).statusCode()).isEqualTo(202);
            s.gw().awaitQueued("DLQ.civil.dispatch", Duration.ofSeconds(60), m -> m.textContains(maHoSo));
            assertThat(s.gw().gateway().bean("pmhtSimulator", PmhtSimulator.class).acceptedCount(maHoSo)).isZero();
            assertThat(s.pmht().requests()).isZero();

            MolisaClient molisa = s.gw().gateway().bean("molisaClient", MolisaClient.class);
            assertThatThrownBy(molisa::getToken).hasStackTraceContaining("subject alternative name");
            assertThat(s.molisa().requests()).isZero();
        }
    }

    /** Outside the sandbox: every required upstream, an embedded database and broker without acceptor, schedules off. */
    static Map<String, String> outsideTheSandbox() throws IOException {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = ProductionEnv.required();
        env.put("GATEWAY_ENV", "test");
        env.put("PMHT_URL", "http://gateway:pmht-Secret-0042@127.0.0.1:9/pmht");
        env.put("PMHT_PASSWORD", "pmht-Secret-0042");
        env.put("DVCQG_SS_URL", "https://127.0.0.1:9");
        env.put("DVCQG_PROVIDER_URL", "https://provider.example");
        env.put("DVCQG_USER", "u");
        env.put("DVCQG_PASSWORD", "p");
        env.put("DVCQG_MADONVI", "H46");
        env.put("DVCQG_CATALOGUE_AT_START", "false");
        env.put("DVCLT_PULL_CRON", "off");
        env.put("PMHT_POLL_CRON", "off");
        env.put("DVCLT_STATUS_SWEEP_CRON", "off");
        env.put("CONSOLE_USERS", "");
        env.put("EMBEDDED_BROKER_ACCEPTOR", "none");
        env.put("DATA_DIR", Path.of("target", "test-data", id).toString());
        env.put("DB_URL", "jdbc:hsqldb:mem:gw" + id + ";hsqldb.tx=mvcc");
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("HTTP_PORT", String.valueOf(FreePorts.next()));
        env.put("MANAGEMENT_HOST", "127.0.0.1");
        env.put("MANAGEMENT_PORT", String.valueOf(FreePorts.next()));
        return env;
    }

    @Test
    void outsideTheSandboxAPlainHttpUpstreamRefusesTheStartNamingTheVariable() throws Exception {
        Map<String, String> env = outsideTheSandbox();
        assertThatThrownBy(() -> new Gateway(GatewayConfig.of(env)).start()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("PMHT_URL").hasMessageContaining("ALLOW_PLAIN_HTTP_UPSTREAMS")
                .hasMessageNotContaining("MOLISA_URL").hasMessageNotContaining("DVCQG_SS_URL")
                .hasMessageNotContaining("pmht-Secret-0042");

        env.put("ALLOW_PLAIN_HTTP_UPSTREAMS", "MOLISA_URL");
        assertThatThrownBy(() -> new Gateway(GatewayConfig.of(env)).start()).isInstanceOf(ConfigException.class)
                .as("allowing another upstream does not allow PMHT").hasMessageContaining("PMHT_URL");
        env.put("ALLOW_PLAIN_HTTP_UPSTREAMS", "PMHT_ULR");
        assertThatThrownBy(() -> new Gateway(GatewayConfig.of(env)).start()).isInstanceOf(ConfigException.class)
                .as("a misspelt name is refused").hasMessageContaining("PMHT_ULR");
    }

    @Test
    void withTheExplicitOptInItStartsAndWarnsNamingEachPlainHttpUpstream() throws Exception {
        Map<String, String> env = outsideTheSandbox();
        env.put("ALLOW_PLAIN_HTTP_UPSTREAMS", "PMHT_URL");
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        try (Gateway gateway = new Gateway(GatewayConfig.of(env)).start()) {
            assertThat(gateway.camelContext().isStarted()).isTrue();
        } finally {
            root.detachAppender(captured);
        }
        List<ILoggingEvent> warnings = captured.list.stream()
                .filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("ALLOW_PLAIN_HTTP_UPSTREAMS")).toList();
        assertThat(warnings).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                .contains("PMHT_URL").contains("127.0.0.1:9/pmht"));
        // the gateway's own lines (banner, TLS warnings) redact a password in a URL (Camel's own summary of
        // its initial properties prints route properties as they are)
        assertThat(captured.list).filteredOn(e -> e.getLoggerName().startsWith("vn.lienthong"))
                .noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains("pmht-Secret-0042"));
    }

}
