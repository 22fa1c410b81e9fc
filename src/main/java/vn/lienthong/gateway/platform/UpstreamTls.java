package vn.lienthong.gateway.platform;

import java.io.File;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS of the gateway's calls to its upstreams (PMHT, DVCLT, MOLISA, DVCQG, DHIS2). Certificates are always verified,
 * host names included: against {@code UPSTREAM_TRUSTSTORE} when it is set (it then replaces the JDK's CAs), else
 * against the JDK's trust store. Outside the sandbox a plain {@code http://} upstream is refused at start unless
 * {@code ALLOW_PLAIN_HTTP_UPSTREAMS} names it (or is {@code true}); each allowed one is logged as a warning.
 */
final class UpstreamTls {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamTls.class);

    /** The variables holding a base URL the gateway calls. DVCQG_PROVIDER_URL is only a parameter sent to DVCQG. */
    static final List<String> URL_VARIABLES = List.of("PMHT_URL", "DVCLT_URL", "MOLISA_URL", "DVCQG_SS_URL",
            "DVCQG_DOWNLOAD_SS_URL", "DHIS2_URL");

    private final X509TrustManager trustManager;
    private final String source;

    private UpstreamTls(X509TrustManager trustManager, String source) {
        this.trustManager = trustManager;
        this.source = source;
    }

    static UpstreamTls from(GatewayConfig config) {
        String path = config.get(PlatformVariables.UPSTREAM_TRUSTSTORE);
        if (path == null) {
            return new UpstreamTls(null, "the JDK trust store");
        }
        KeyStore store = loadStore("UPSTREAM_TRUSTSTORE", path, config.get(PlatformVariables.UPSTREAM_TRUSTSTORE_PASSWORD));
        try {
            if (Collections.list(store.aliases()).stream().noneMatch(a -> isCertificate(store, a))) {
                throw new ConfigException("UPSTREAM_TRUSTSTORE " + path + " holds no trusted certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    return new UpstreamTls(x509, "UPSTREAM_TRUSTSTORE " + path);
                }
            }
            throw new ConfigException("UPSTREAM_TRUSTSTORE " + path + ": no X.509 trust manager");
        } catch (java.security.GeneralSecurityException e) {
            throw new ConfigException("UPSTREAM_TRUSTSTORE " + path + " cannot be used: " + e.getMessage());
        }
    }

    private static boolean isCertificate(KeyStore store, String alias) {
        try {
            return store.isCertificateEntry(alias) || store.isKeyEntry(alias) && store.getCertificate(alias) != null;
        } catch (java.security.KeyStoreException e) {
            return false;
        }
    }

    /**
     * A key or trust store file (PKCS12, or JKS: the JDK detects the type), its password from the variable
     * {@code <variable>_PASSWORD} (or {@code _FILE}); a missing or unreadable store names the variable, never the password.
     */
    static KeyStore loadStore(String variable, String path, String password) {
        File file = new File(path);
        if (!file.isFile() || !file.canRead()) {
            throw new ConfigException(variable + " points to a missing or unreadable file: " + path);
        }
        try {
            return KeyStore.getInstance(file, password == null ? null : password.toCharArray());
        } catch (Exception e) {
            throw new ConfigException(variable + " " + path + " cannot be read (wrong " + variable
                    + "_PASSWORD or not a PKCS12/JKS store): " + e.getMessage());
        }
    }

    /** Where upstream certificates are checked, for the start-up log. */
    String source() {
        return source;
    }

    /** For JDK HttpClients (MOLISA): the configured trust store, or the JDK default context. */
    SSLContext sslContext() {
        try {
            if (trustManager == null) {
                return SSLContext.getDefault();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return context;
        } catch (NoSuchAlgorithmException | java.security.KeyManagementException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }

    /** For camel-http (PMHT, DVCLT, DVCQG, DHIS2): the trust store, if any, and host names always verified. */
    void configure(HttpComponent http) {
        if (trustManager != null) {
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setTrustManager(trustManager);
            SSLContextParameters ssl = new SSLContextParameters();
            // "TLS": every protocol version the JDK enables (1.2 and 1.3), not only Camel's default
            ssl.setSecureSocketProtocol("TLS");
            ssl.setTrustManagers(trust);
            http.setSslContextParameters(ssl);
        }
        http.setUseGlobalSslContextParameters(false);
        http.setX509HostnameVerifier(new DefaultHostnameVerifier());
    }

    /**
     * Outside the sandbox every upstream URL must be https:// unless ALLOW_PLAIN_HTTP_UPSTREAMS names its variable
     * (or is true): refuses naming the variables otherwise; logs a warning for each one allowed. Returns the variables
     * allowed over plain HTTP.
     */
    static List<String> checkPlainHttp(GatewayConfig config) {
        if (config.isSandbox()) {
            return List.of();
        }
        Set<String> allowed = allowedPlain(config.get(PlatformVariables.ALLOW_PLAIN_HTTP_UPSTREAMS));
        boolean dhis2 = config.getBoolean("DHIS2_ENABLED", true);
        List<String> refused = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        for (String variable : URL_VARIABLES) {
            String url = config.get(variable, null);
            if (url == null || "DHIS2_URL".equals(variable) && !dhis2) {
                continue;
            }
            if (url.trim().toLowerCase(Locale.ROOT).startsWith("http://")) {
                if (allowed.contains(variable)) {
                    plain.add(variable);
                    LOG.warn("ALLOW_PLAIN_HTTP_UPSTREAMS: {} ({}) is called over plain HTTP, without TLS: "
                            + "requests and credentials cross the network unencrypted", variable,
                            GatewayConfig.redactUrl(url.trim()));
                } else {
                    refused.add(variable);
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new ConfigException("GATEWAY_ENV=" + config.environmentName() + ": " + String.join(", ", refused)
                    + " use plain http:// (upstreams must be https://); to accept it anyway set ALLOW_PLAIN_HTTP_UPSTREAMS="
                    + String.join(",", refused));
        }
        return plain;
    }

    private static Set<String> allowedPlain(String setting) {
        String value = setting.trim();
        switch (value.toLowerCase(Locale.ROOT)) {
            case "false", "no", "0", "none", "" -> {
                return Set.of();
            }
            case "true", "yes", "1", "all" -> {
                return Set.copyOf(URL_VARIABLES);
            }
            default -> {
                Set<String> names = new LinkedHashSet<>();
                for (String name : value.split(",")) {
                    String n = name.trim().toUpperCase(Locale.ROOT);
                    if (n.isEmpty()) {
                        continue;
                    }
                    if (!URL_VARIABLES.contains(n)) {
                        throw new ConfigException("ALLOW_PLAIN_HTTP_UPSTREAMS must be true, false or a list of "
                                + String.join(", ", URL_VARIABLES) + "; got '" + name.trim() + "'");
                    }
                    names.add(n);
                }
                return names;
            }
        }
    }
}
