package vn.lienthong.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.lienthong.gateway.support.GatewayHarness;
import vn.lienthong.gateway.support.RawHttp;
import vn.lienthong.gateway.support.TestCertificates;

/**
 * Mutual TLS on the gateway's HTTP server (HTTP_TLS_CLIENT_AUTH=require, client CAs in HTTP_TLS_TRUSTSTORE): no
 * certificate or one from another CA is refused in the handshake; a trusted certificate still needs the API token,
 * unless API_CLIENT_CERTIFICATES pins it to a client, whose flows then apply.
 */
class MutualTlsTest {

    @TempDir
    static Path dir;
    static TestCertificates gatewayCa;
    static TestCertificates otherCa;
    static Path clientKeys;
    static Path unpinnedKeys;
    static GatewayHarness mutual;

    @BeforeAll
    static void start() throws Exception {
        gatewayCa = TestCertificates.newCa(dir, "gateway-ca");
        TestCertificates clientCa = TestCertificates.newCa(dir, "client-ca");
        otherCa = TestCertificates.newCa(dir, "other-ca");
        clientKeys = clientCa.client("mcdt");
        unpinnedKeys = clientCa.client("unpinned");
        // mcdt's token is unknown to the test: the certificate is its only credential here
        String clients = "mcdt:civil+dossiers:" + HexFormat.of().formatHex(ApiClients.sha256("an-unused-token-4f1c"));
        mutual = GatewayHarness.start(Map.of("HTTP_TLS_KEYSTORE", gatewayCa.server("gateway").toString(),
                "HTTP_TLS_KEYSTORE_PASSWORD", TestCertificates.PASSWORD,
                "HTTP_TLS_CLIENT_AUTH", "require",
                "HTTP_TLS_TRUSTSTORE", clientCa.trustStore().toString(),
                "HTTP_TLS_TRUSTSTORE_PASSWORD", TestCertificates.PASSWORD,
                "API_CLIENTS", clients,
                "API_CLIENT_CERTIFICATES", "mcdt:" + fingerprint(clientKeys, "mcdt")));
    }

    @AfterAll
    static void stop() {
        if (mutual != null) {
            mutual.close();
        }
    }

    /** SHA-256 of the certificate, colon-separated as keytool -list -v prints it. */
    static String fingerprint(Path keyStore, String alias) throws Exception {
        byte[] der = KeyStore.getInstance(keyStore.toFile(), TestCertificates.PASSWORD.toCharArray())
                .getCertificate(alias).getEncoded();
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
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
        HttpClient withCertificate = client(unpinnedKeys);
        HttpResponse<String> ok = withCertificate.send(mutual.authorized(TlsTest.request("https", mutual, "/api/info")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("sandbox");
        HttpResponse<String> noToken = withCertificate.send(TlsTest.request("https", mutual, "/api/info").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
    }

    @Test
    void aCertificatePinnedToAClientIsItsCredentialWithinItsFlows() throws Exception {
        HttpClient mcdt = client(clientKeys);
        HttpResponse<String> own = mcdt.send(TlsTest.request("https", mutual, "/api/dossiers/G22.99.08-260713-7999").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(own.statusCode()).as("allowed through, the dossier is unknown").isEqualTo(404);
        HttpResponse<String> other = mcdt.send(TlsTest.request("https", mutual, "/api/info").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).as("info is not one of mcdt's flows").isEqualTo(403);
        HttpResponse<String> wrongToken = mcdt.send(TlsTest.request("https", mutual, "/api/dossiers/G22.99.08-260713-7999")
                .header("Authorization", "Bearer not-a-token").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongToken.statusCode()).as("a token sent is the credential checked").isEqualTo(401);
    }

    @Test
    void pathTricksAreRefusedOverMutualTlsToo() throws Exception {
        int port = mutual.gateway().config().httpPort();
        RawHttp mcdt = new RawHttp("127.0.0.1", port, TestCertificates.sslContext(gatewayCa.trustStore(), clientKeys));
        RawHttp unpinned = new RawHttp("127.0.0.1", port, TestCertificates.sslContext(gatewayCa.trustStore(), unpinnedKeys));
        // mcdt's certificate grants civil and dossiers: no trick turns it into dvcqg or info
        for (String path : List.of("/api/civil/../dvcqg/catalogue", "/api/dossiers/%2e%2e/info", "/%61pi/info",
                "/api/ops/../info", "//api/info", "/api/info;x", "/api/dossiers/..%2Finfo")) {
            assertThat(mcdt.send("GET", path, null, null).status()).as(path).isEqualTo(400);
        }
        assertThat(mcdt.send("GET", "/api/info", null, null).status()).isEqualTo(403);
        // a trusted but unpinned certificate is no credential, whatever the path
        for (String path : List.of("/%61pi/dossiers/G22.99.08-260713-7999", "/api/ops/%2e%2e/dossiers/G22.99.08-260713-7999",
                "/x/../api/dossiers/G22.99.08-260713-7999")) {
            assertThat(unpinned.send("GET", path, null, null).status()).as(path).isEqualTo(400);
        }
        assertThat(unpinned.send("GET", "/api/dossiers/G22.99.08-260713-7999", null, null).status()).isEqualTo(401);
    }

    @Test
    void certificatePinningIsRefusedForAnUnknownClientOrABadFingerprint() {
        assertThatThrownBy(() -> ApiClients.parse("mcdt:civil:" + "a".repeat(64)).withCertificates("his:" + "b".repeat(64)))
                .hasMessageContaining("his").hasMessageContaining("API_CLIENTS");
        assertThatThrownBy(() -> ApiClients.parse("mcdt:civil:" + "a".repeat(64)).withCertificates("mcdt:abc"))
                .hasMessageContaining("entry 1");
    }
}
