package vn.lienthong.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Test-only keys and certificates, made at run time with the JDK's keytool (nothing private is committed): a CA,
 * and leaf certificates it signs for 127.0.0.1/localhost (servers) or a client name (mutual TLS). Stores are PKCS12.
 */
public final class TestCertificates {

    public static final String PASSWORD = "test-store-pass";

    private final Path dir;
    private final String caName;

    private TestCertificates(Path dir, String caName) {
        this.dir = dir;
        this.caName = caName;
    }

    /** A new CA under {@code dir} (its key in ca-&lt;name&gt;.p12, its certificate in a trust store). */
    public static TestCertificates newCa(Path dir, String caName) throws Exception {
        Files.createDirectories(dir);
        TestCertificates ca = new TestCertificates(dir, caName);
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + caName,
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.caStore().toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD);
        Certificate caCert = KeyStore.getInstance(ca.caStore().toFile(), PASSWORD.toCharArray()).getCertificate("ca");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", caCert);
        try (OutputStream out = Files.newOutputStream(ca.trustStore())) {
            trust.store(out, PASSWORD.toCharArray());
        }
        return ca;
    }

    private Path caStore() {
        return dir.resolve("ca-" + caName + ".p12");
    }

    /** A PKCS12 trust store holding only this CA's certificate. */
    public Path trustStore() {
        return dir.resolve("trust-" + caName + ".p12");
    }

    /** A server key store: key + certificate for 127.0.0.1 and localhost, signed by this CA (chain included). */
    public Path server(String name) throws Exception {
        return server(name, "ip:127.0.0.1,dns:localhost");
    }

    /** A server key store whose certificate names other hosts ({@code san}, keytool syntax), signed by this CA. */
    public Path server(String name, String san) throws Exception {
        return leaf(name, "CN=" + name, "san=" + san, "eku=serverAuth");
    }

    /** A client key store for mutual TLS: key + certificate CN=name, signed by this CA (chain included). */
    public Path client(String name) throws Exception {
        return leaf(name, "CN=" + name, null, "eku=clientAuth");
    }

    private Path leaf(String name, String dname, String san, String eku) throws Exception {
        Path store = dir.resolve(name + ".p12");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-storepass", PASSWORD, "-file", csr.toString());
        List<String> sign = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", caStore().toString(),
                "-storepass", PASSWORD, "-infile", csr.toString(), "-outfile", cert.toString(), "-validity", "2",
                "-ext", "ku=digitalSignature", "-ext", eku));
        if (san != null) {
            sign.add("-ext");
            sign.add(san);
        }
        keytool(sign.toArray(String[]::new));
        // the signed certificate and the CA's replace the self-signed one: the store then holds the full chain
        Certificate signed;
        try (InputStream in = Files.newInputStream(cert)) {
            signed = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        Certificate caCert = KeyStore.getInstance(caStore().toFile(), PASSWORD.toCharArray()).getCertificate("ca");
        KeyStore keys = KeyStore.getInstance(store.toFile(), PASSWORD.toCharArray());
        Key key = keys.getKey(name, PASSWORD.toCharArray());
        keys.setKeyEntry(name, key, PASSWORD.toCharArray(), new Certificate[] {signed, caCert});
        try (OutputStream out = Files.newOutputStream(store)) {
            keys.store(out, PASSWORD.toCharArray());
        }
        return store;
    }

    /** A client SSL context trusting {@code trustStore} and, when {@code keyStore} is not null, presenting its key. */
    public static SSLContext sslContext(Path trustStore, Path keyStore) throws Exception {
        KeyStore trust = KeyStore.getInstance(trustStore.toFile(), PASSWORD.toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (keyStore != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(KeyStore.getInstance(keyStore.toFile(), PASSWORD.toCharArray()), PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.add("-J-XX:TieredStopAtLevel=1");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
        }
    }
}
