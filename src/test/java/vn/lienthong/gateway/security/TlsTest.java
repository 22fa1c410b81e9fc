package vn.lienthong.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.lienthong.gateway.support.Dossiers.json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;
import vn.lienthong.gateway.support.TestCertificates;

/**
 * The gateway's own HTTP server over TLS with HTTP_TLS_KEYSTORE: HTTPS intake works for a client trusting the CA;
 * plain HTTP to that port and a client that does not trust the CA fail; the management port stays plain HTTP.
 */
class TlsTest {

    @TempDir
    static Path dir;
    static TestCertificates gatewayCa;
    static TestCertificates otherCa;
    static Path gatewayKeys;
    static GatewayHarness https;

    @BeforeAll
    static void start() throws Exception {
        gatewayCa = TestCertificates.newCa(dir, "gateway-ca");
        otherCa = TestCertificates.newCa(dir, "other-ca");
        gatewayKeys = gatewayCa.server("gateway");

        Map<String, String> tls = new HashMap<>();
        tls.put("HTTP_TLS_KEYSTORE", gatewayKeys.toString());
        tls.put("HTTP_TLS_KEYSTORE_PASSWORD", TestCertificates.PASSWORD);
        https = GatewayHarness.start(tls);
    }

    @AfterAll
    static void stop() {
        if (https != null) {
            https.close();
        }
    }

    static HttpClient client(SSLContext ssl) {
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }

    static HttpRequest.Builder request(String scheme, GatewayHarness gw, String path) {
        return HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + gw.gateway().config().httpPort() + path))
                .timeout(Duration.ofSeconds(10));
    }

    @Test
    void httpsIntakeWorksForAClientTrustingTheGatewaysCa() throws Exception {
        HttpClient trusting = client(TestCertificates.sslContext(gatewayCa.trustStore(), null));
        String maHoSo = "G22.99.08-260713-7001";
        HttpResponse<String> r = trusting.send(https.authorized(request("https", https, "/api/civil/dossiers"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json(Dossiers.birth(maHoSo)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.sslSession()).isPresent();
        https.awaitState(maHoSo, "SENT");

        // the token is still required over HTTPS
        HttpResponse<String> anonymous = trusting.send(request("https", https, "/api/info").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void plainHttpToTheHttpsPortFails() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> plain.send(https.authorized(request("http", https, "/api/info")).GET().build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void aClientThatDoesNotTrustTheGatewaysCaRefusesTheConnection() throws Exception {
        HttpClient other = client(TestCertificates.sslContext(otherCa.trustStore(), null));
        assertThatThrownBy(() -> other.send(https.authorized(request("https", https, "/api/info")).GET().build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class)
                .hasStackTraceContaining("PKIX");
    }

    @Test
    void theManagementPortStaysPlainHttp() throws Exception {
        assertThat(https.management("/observe/health/live").statusCode()).isEqualTo(200);
    }

}
