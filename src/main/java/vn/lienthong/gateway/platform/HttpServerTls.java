package vn.lienthong.gateway.platform;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.Collections;
import java.util.Locale;

import io.vertx.core.http.ClientAuth;
import org.apache.camel.main.MainConfigurationProperties;

/**
 * HTTPS on the gateway's own HTTP server (the API and the console) when {@code HTTP_TLS_KEYSTORE} is set, through
 * Camel's global SSL configuration ({@code camel.ssl.*}) and {@code camel.server.useGlobalSslContextParameters}.
 * Optionally mutual TLS ({@code HTTP_TLS_CLIENT_AUTH=want|require}, client certificates checked against
 * {@code HTTP_TLS_TRUSTSTORE}): Camel's Vert.x server has no client-auth setting, so {@link ServerVertx}, the Vert.x
 * instance the servers are created on, sets it on every TLS server. The management port stays plain HTTP (see
 * docs/security.md).
 */
final class HttpServerTls {

    enum ClientAuthMode { NONE, WANT, REQUIRE }

    private final String keystore;
    private final String keystorePassword;
    private final String truststore;
    private final String truststorePassword;
    private final ClientAuthMode clientAuth;

    private HttpServerTls(String keystore, String keystorePassword, String truststore, String truststorePassword,
                          ClientAuthMode clientAuth) {
        this.keystore = keystore;
        this.keystorePassword = keystorePassword;
        this.truststore = truststore;
        this.truststorePassword = truststorePassword;
        this.clientAuth = clientAuth;
    }

    /** The server's TLS settings, checked (stores readable, a key in the keystore); null without HTTP_TLS_KEYSTORE. */
    static HttpServerTls from(GatewayConfig config) {
        ClientAuthMode clientAuth = clientAuth(config.get(PlatformVariables.HTTP_TLS_CLIENT_AUTH));
        String keystore = config.get(PlatformVariables.HTTP_TLS_KEYSTORE);
        if (keystore == null) {
            if (clientAuth != ClientAuthMode.NONE) {
                throw new ConfigException("HTTP_TLS_CLIENT_AUTH=" + clientAuth.name().toLowerCase(Locale.ROOT)
                        + " needs HTTPS: set HTTP_TLS_KEYSTORE");
            }
            return null;
        }
        String keystorePassword = config.get(PlatformVariables.HTTP_TLS_KEYSTORE_PASSWORD);
        if (keystorePassword == null) {
            throw new ConfigException("HTTP_TLS_KEYSTORE needs HTTP_TLS_KEYSTORE_PASSWORD (or HTTP_TLS_KEYSTORE_PASSWORD_FILE)");
        }
        KeyStore keys = UpstreamTls.loadStore("HTTP_TLS_KEYSTORE", keystore, keystorePassword);
        if (!hasKey(keys)) {
            throw new ConfigException("HTTP_TLS_KEYSTORE " + keystore + " holds no private key with its certificate");
        }
        String truststore = config.get(PlatformVariables.HTTP_TLS_TRUSTSTORE);
        String truststorePassword = config.get(PlatformVariables.HTTP_TLS_TRUSTSTORE_PASSWORD);
        if (clientAuth != ClientAuthMode.NONE) {
            if (truststore == null) {
                throw new ConfigException("HTTP_TLS_CLIENT_AUTH=" + clientAuth.name().toLowerCase(Locale.ROOT)
                        + " needs HTTP_TLS_TRUSTSTORE (the CAs of the client certificates)");
            }
            UpstreamTls.loadStore("HTTP_TLS_TRUSTSTORE", truststore, truststorePassword);
        } else {
            truststore = null;
        }
        return new HttpServerTls(keystore, keystorePassword, truststore, truststorePassword, clientAuth);
    }

    private static ClientAuthMode clientAuth(String value) {
        try {
            return ClientAuthMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("HTTP_TLS_CLIENT_AUTH must be none, want or require, got '" + value + "'");
        }
    }

    private static boolean hasKey(KeyStore store) {
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificate(alias) != null) {
                    return true;
                }
            }
            return false;
        } catch (KeyStoreException e) {
            return false;
        }
    }

    ClientAuthMode clientAuth() {
        return clientAuth;
    }

    /** Camel's global SSL parameters from the stores; the main HTTP server (not the management server) uses them. */
    void configure(MainConfigurationProperties mc) {
        var ssl = mc.sslConfig().withEnabled(true).withKeyStore(fileUri(keystore)).withKeystorePassword(keystorePassword)
                .withKeyStoreType("PKCS12");
        if (truststore != null) {
            ssl.withTrustStore(fileUri(truststore));
            if (truststorePassword != null) {
                ssl.withTrustStorePassword(truststorePassword);
            }
        }
        mc.httpServer().withUseGlobalSslContextParameters(true);
    }

    private static String fileUri(String path) {
        return "file:" + java.nio.file.Path.of(path).toAbsolutePath();
    }

    /** What Vert.x asks of clients on TLS servers: nothing, a certificate if they have one, or one they must have. */
    ClientAuth vertxClientAuth() {
        return switch (clientAuth) {
            case NONE -> ClientAuth.NONE;
            case WANT -> ClientAuth.REQUEST;
            case REQUIRE -> ClientAuth.REQUIRED;
        };
    }
}
