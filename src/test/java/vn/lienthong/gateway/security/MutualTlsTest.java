package vn.lienthong.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.lienthong.gateway.support.GatewayHarness;
import vn.lienthong.gateway.support.TestCertificates;

/**
 * Mutual TLS on the gateway's HTTP server (HTTP_TLS_CLIENT_AUTH=require, client CAs in HTTP_TLS_TRUSTSTORE): no
 * certificate or one from another CA is refused in the handshake; a trusted certificate still needs the API token.
 */
class MutualTlsTest {

    @TempDir
    static Path dir;
    static TestCertificates gatewayCa;
    static TestCertificates otherCa;
    static Path clientKeys;
    static GatewayHarness mutual;

    @BeforeAll
    static void start() throws Exception {
        gatewayCa = TestCertificates.newCa(dir, "gateway-ca");
        TestCertificates clientCa = TestCertificates.newCa(dir, "client-ca");
        otherCa = TestCertificates.newCa(dir, "other-ca");
        clientKeys = clientCa.client("mcdt");
        mutual = GatewayHarness.start(Map.of("HTTP_TLS_KEYSTORE", gatewayCa.server("gateway").toString(),
                "HTTP_TLS_KEYSTORE_PASSWORD", TestCertificates.PASSWORD,
                "HTTP_TLS_CLIENT_AUTH", "require",
                "HTTP_TLS_TRUSTSTORE", clientCa.trustStore().toString(),
                "HTTP_TLS_TRUSTSTORE_PASSWORD", TestCertificates.PASSWORD));
    }

    @AfterAll
    static void stop() {
        if (mutual != null) {
            mutual.close();
        }
    }

    static HttpClient client(Path keyStore) throws Exception {
        return TlsTest.client(TestCertificates.sslContext(gatewayCa.trustStore(), keyStore));
    }

    @Test
    void mutualTlsRequireRefusesAClientWithoutCertificate() throws Exception {
        HttpClient withoutCertificate = client(null);
        assertThatThrownBy(() -> withoutCertificate.send(mutual.authorized(TlsTest.request("https", mutual, "/api/info")).GET().build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void mutualTlsRefusesACertificateFromAnotherCa() throws Exception {
        Path stranger = otherCa.client("stranger");
        HttpClient foreign = client(stranger);
        assertThatThrownBy(() -> foreign.send(mutual.authorized(TlsTest.request("https", mutual, "/api/info")).GET().build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void mutualTlsWithATrustedCertificateStillNeedsTheToken() throws Exception {
        HttpClient withCertificate = client(clientKeys);
        HttpResponse<String> ok = withCertificate.send(mutual.authorized(TlsTest.request("https", mutual, "/api/info")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("sandbox");
        HttpResponse<String> noToken = withCertificate.send(TlsTest.request("https", mutual, "/api/info").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
    }
}
