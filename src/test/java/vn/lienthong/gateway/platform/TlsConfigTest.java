package vn.lienthong.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.lienthong.gateway.support.ProductionEnv;
import vn.lienthong.gateway.support.TestCertificates;

/** TLS settings are checked before anything starts, and a refusal names the variable (never a password). */
class TlsConfigTest {

    @TempDir
    static Path dir;
    static TestCertificates ca;
    static Path serverKeys;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCertificates.newCa(dir, "config-ca");
        serverKeys = ca.server("server");
    }

    static Map<String, String> server() {
        Map<String, String> env = new HashMap<>();
        env.put("HTTP_TLS_KEYSTORE", serverKeys.toString());
        env.put("HTTP_TLS_KEYSTORE_PASSWORD", TestCertificates.PASSWORD);
        return env;
    }

    @Test
    void noKeystoreIsPlainHttp() {
        assertThat(HttpServerTls.from(GatewayConfig.of(Map.of()))).isNull();
    }

    @Test
    void aKeystoreWithItsPasswordIsHttpsWithoutClientAuthentication() {
        HttpServerTls tls = HttpServerTls.from(GatewayConfig.of(server()));
        assertThat(tls).isNotNull();
        assertThat(tls.clientAuth()).isEqualTo(HttpServerTls.ClientAuthMode.NONE);
        assertThat(tls.vertxClientAuth()).isEqualTo(io.vertx.core.http.ClientAuth.NONE);
    }

    @Test
    void theKeystorePasswordMayComeFromAFile() throws Exception {
        Path secret = dir.resolve("keystore-password");
        Files.writeString(secret, TestCertificates.PASSWORD + "\n");
        Map<String, String> env = server();
        env.remove("HTTP_TLS_KEYSTORE_PASSWORD");
        env.put("HTTP_TLS_KEYSTORE_PASSWORD_FILE", secret.toString());
        assertThat(HttpServerTls.from(GatewayConfig.of(env))).isNotNull();
    }

    @Test
    void aWrongOrMissingKeystoreOrPasswordIsRefusedNamingTheVariable() {
        Map<String, String> wrong = server();
        wrong.put("HTTP_TLS_KEYSTORE_PASSWORD", "not-the-password");
        assertThatThrownBy(() -> HttpServerTls.from(GatewayConfig.of(wrong))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("HTTP_TLS_KEYSTORE").hasMessageNotContaining("not-the-password");

        Map<String, String> noPassword = server();
        noPassword.remove("HTTP_TLS_KEYSTORE_PASSWORD");
        assertThatThrownBy(() -> HttpServerTls.from(GatewayConfig.of(noPassword))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("HTTP_TLS_KEYSTORE_PASSWORD");

        Map<String, String> missing = server();
        missing.put("HTTP_TLS_KEYSTORE", dir.resolve("nowhere.p12").toString());
        assertThatThrownBy(() -> HttpServerTls.from(GatewayConfig.of(missing))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("HTTP_TLS_KEYSTORE").hasMessageContaining("nowhere.p12");

        Map<String, String> trustOnly = server();
        trustOnly.put("HTTP_TLS_KEYSTORE", ca.trustStore().toString());
        assertThatThrownBy(() -> HttpServerTls.from(GatewayConfig.of(trustOnly))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no private key");
    }

    @Test
    void clientAuthenticationNeedsHttpsAndAClientTrustStore() {
        assertThatThrownBy(() -> HttpServerTls.from(GatewayConfig.of(Map.of("HTTP_TLS_CLIENT_AUTH", "require"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HTTP_TLS_KEYSTORE");
        Map<String, String> env = server();
        env.put("HTTP_TLS_CLIENT_AUTH", "want");
        assertThatThrownBy(() -> HttpServerTls.from(GatewayConfig.of(env))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("HTTP_TLS_TRUSTSTORE");
        env.put("HTTP_TLS_CLIENT_AUTH", "sometimes");
        assertThatThrownBy(() -> HttpServerTls.from(GatewayConfig.of(env))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("HTTP_TLS_CLIENT_AUTH");
        env.put("HTTP_TLS_CLIENT_AUTH", "REQUIRE");
        env.put("HTTP_TLS_TRUSTSTORE", ca.trustStore().toString());
        assertThat(HttpServerTls.from(GatewayConfig.of(env)).clientAuth()).isEqualTo(HttpServerTls.ClientAuthMode.REQUIRE);
    }

    @Test
    void theUpstreamTrustStoreIsCheckedAndDefaultsToTheJdks() throws Exception {
        assertThat(UpstreamTls.from(GatewayConfig.of(Map.of())).source()).contains("JDK");
        assertThat(UpstreamTls.from(GatewayConfig.of(Map.of("UPSTREAM_TRUSTSTORE", ca.trustStore().toString(),
                "UPSTREAM_TRUSTSTORE_PASSWORD", TestCertificates.PASSWORD))).source()).contains("UPSTREAM_TRUSTSTORE");
        Path notAStore = dir.resolve("not-a-store.p12");
        Files.writeString(notAStore, "-----BEGIN CERTIFICATE-----");
        assertThatThrownBy(() -> UpstreamTls.from(GatewayConfig.of(Map.of("UPSTREAM_TRUSTSTORE", notAStore.toString()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("UPSTREAM_TRUSTSTORE");
    }

    @Test
    void plainHttpUpstreamsAreAllowedInTheSandboxOnlyOrByName() {
        assertThat(UpstreamTls.checkPlainHttp(GatewayConfig.of(Map.of("PMHT_URL", "http://127.0.0.1:8091/pmht")))).isEmpty();

        Map<String, String> env = ProductionEnv.required();
        env.put("DHIS2_URL", "http://dhis2.example");
        assertThat(UpstreamTls.checkPlainHttp(GatewayConfig.of(env))).as("DHIS2 off: its URL is not called").isEmpty();
        env.put("ALLOW_PLAIN_HTTP_UPSTREAMS", "false");
        env.put("DVCQG_SS_URL", "HTTP://10.0.0.5:8080");
        assertThatThrownBy(() -> UpstreamTls.checkPlainHttp(GatewayConfig.of(env))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("DVCQG_SS_URL").hasMessageNotContaining("PMHT_URL");
        env.put("ALLOW_PLAIN_HTTP_UPSTREAMS", " dvcqg_ss_url ");
        assertThat(UpstreamTls.checkPlainHttp(GatewayConfig.of(env))).containsExactly("DVCQG_SS_URL");
        env.put("MOLISA_URL", "http://molisa.example");
        env.put("ALLOW_PLAIN_HTTP_UPSTREAMS", "true");
        assertThat(UpstreamTls.checkPlainHttp(GatewayConfig.of(env))).containsExactly("MOLISA_URL", "DVCQG_SS_URL");
    }

    @Test
    void pinnedClientCertificatesNeedClientAuthentication() {
        Map<String, String> env = new HashMap<>(Map.of("GATEWAY_ENV", "test"));
        env.putAll(ProductionEnv.required());
        env.put("API_CLIENTS", "mcdt:civil:" + "a".repeat(64));
        env.put("API_CLIENT_CERTIFICATES", "mcdt:" + "b".repeat(64));
        assertThatThrownBy(() -> new ApiAuthentication(GatewayConfig.of(env), new SimpleMeterRegistry()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HTTP_TLS_CLIENT_AUTH");
        env.put("HTTP_TLS_CLIENT_AUTH", "want");
        assertThat(new ApiAuthentication(GatewayConfig.of(env), new SimpleMeterRegistry())).isNotNull();
    }
}
