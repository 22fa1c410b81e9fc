package vn.lienthong.gateway.support;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * An upstream served over HTTPS for tests: terminates TLS with a test certificate and forwards every request to a
 * sandbox simulator on plain HTTP (so the simulator's real answers come back). Counts the requests that got through
 * the TLS handshake.
 */
public final class HttpsFront implements AutoCloseable {

    private static final List<String> FORWARDED = List.of("Authorization", "Content-Type", "Accept");

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger requests = new AtomicInteger();

    public HttpsFront(Path keyStore, Path trustStore, int targetPort) throws Exception {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(TestCertificates.sslContext(trustStore, keyStore)));
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            try {
                byte[] body = ex.getRequestBody().readAllBytes();
                HttpRequest.Builder forward = HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + targetPort + ex.getRequestURI()))
                        .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
                for (String header : FORWARDED) {
                    String value = ex.getRequestHeaders().getFirst(header);
                    if (value != null) {
                        forward.header(header, value);
                    }
                }
                HttpResponse<byte[]> answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                answer.headers().firstValue("Content-Type").ifPresent(v -> ex.getResponseHeaders().set("Content-Type", v));
                byte[] bytes = answer.body();
                ex.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.sendResponseHeaders(503, -1);
            } finally {
                ex.close();
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests that completed the TLS handshake and reached the upstream. */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
