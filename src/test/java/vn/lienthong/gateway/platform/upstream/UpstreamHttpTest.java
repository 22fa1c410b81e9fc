package vn.lienthong.gateway.platform.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.platform.UpstreamCircuits;
import vn.lienthong.gateway.platform.UpstreamUnavailableException;
import vn.lienthong.gateway.support.MutableClock;
import vn.lienthong.gateway.support.FreePorts;

/** The shared upstream call against a real local HTTP server: status rule, circuit, token renewal, no hidden retries. */
class UpstreamHttpTest {

    /** A request as the server saw it. */
    record Seen(String method, String path, String authorization, String contentType, String body) {
    }

    HttpServer server;
    final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    /** The status the server answers for /data (per request). */
    volatile IntSupplier dataStatus = () -> 200;
    volatile long delayMs;
    final AtomicInteger tokensIssued = new AtomicInteger();
    /** The only token /data accepts (null: any). */
    volatile String validToken;
    /** A refused token is said in a 200's body (like MOLISA's error_code), not with 401. */
    volatile boolean refuseInBody;
    UpstreamCircuits circuits;
    UpstreamHttp http;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/login", ex -> {
            record(ex);
            String token = "tok-" + tokensIssued.incrementAndGet();
            validToken = token;
            answer(ex, 200, "{\"token\":\"" + token + "\"}");
        });
        server.createContext("/data", ex -> {
            Seen s = record(ex);
            if (delayMs > 0) {
                sleep(delayMs);
            }
            int status = dataStatus.getAsInt();
            if (validToken != null && s.authorization() != null && s.authorization().startsWith("Bearer ")
                    && !s.authorization().equals("Bearer " + validToken)) {
                if (refuseInBody) {
                    answer(ex, 200, "{\"error_code\":401}");
                    return;
                }
                status = 401;
            }
            answer(ex, status, "{\"status\":" + status + ",\"echo\":\"" + s.body().replace("\"", "'") + "\"}");
        });
        server.start();
        circuits = new UpstreamCircuits(50, 4, Duration.ofSeconds(30));
        http = new UpstreamHttp("demo", "http://127.0.0.1:" + server.getAddress().getPort(),
                UpstreamHttp.client(null, Duration.ofSeconds(2)), Duration.ofSeconds(5), circuits);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aSuccessAndABusinessRefusalAreAnswersTheCircuitCountsAsSuccesses() {
        UpstreamResponse ok = http.call(UpstreamRequest.post("/data", "{\"a\":\"Nguyễn\"}", "a test"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.ok()).isTrue();
        assertThat(ok.body()).contains("Nguyễn");
        Seen s = seen.peek();
        assertThat(s.method()).isEqualTo("POST");
        assertThat(s.contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(s.body()).isEqualTo("{\"a\":\"Nguyễn\"}");

        dataStatus = () -> 422;
        UpstreamResponse refused = http.call(UpstreamRequest.get("/data", "a test"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.kind()).isEqualTo(UpstreamStatus.REFUSED);
        assertThat(seen).hasSize(2);
        for (int i = 0; i < 4; i++) {
            http.call(UpstreamRequest.get("/data", "a test"));
        }
        assertThat(circuits.state("demo")).isEqualTo("CLOSED");
    }

    @Test
    void unavailableStatusesThrowAreCountedAndOpenTheCircuitWithoutHiddenRetries() {
        for (int code : List.of(503, 500, 429, 408)) {
            dataStatus = () -> code;
            assertThatThrownBy(() -> http.call(UpstreamRequest.post("/data", "{}", "a status update")))
                    .isInstanceOf(UpstreamUnavailableException.class)
                    .hasMessage("DEMO answered HTTP " + code + " to a status update");
        }
        assertThat(seen).as("one request per call: no client retries").hasSize(4);
        assertThat(circuits.state("demo")).isEqualTo("OPEN");
        assertThatThrownBy(() -> http.call(UpstreamRequest.get("/data", "a test")))
                .isInstanceOf(CallNotPermittedException.class);
        assertThat(seen).as("an open circuit sends nothing").hasSize(4);
    }

    @Test
    void theCallStartsOnlyOnceTheCircuitLetsItThrough() {
        AtomicInteger attempts = new AtomicInteger();
        dataStatus = () -> 503;
        for (int i = 0; i < 6; i++) {
            try {
                http.call(UpstreamRequest.get("/data", "a test").beforeSend(attempts::incrementAndGet));
            } catch (RuntimeException expected) {
                // unavailable, then circuit open
            }
        }
        assertThat(attempts.get()).isEqualTo(seen.size()).isEqualTo(4);
    }

    @Test
    void aTimeoutAndARefusedConnectionAreUnavailable() throws IOException {
        http.call(UpstreamRequest.get("/data", "a warm-up")); // the client's first call is slow on a busy machine
        seen.clear();
        UpstreamHttp impatient = new UpstreamHttp("demo", "http://127.0.0.1:" + server.getAddress().getPort(),
                UpstreamHttp.client(null, Duration.ofSeconds(2)), Duration.ofMillis(1000), circuits);
        delayMs = 3_000;
        assertThatThrownBy(() -> impatient.call(UpstreamRequest.get("/data", "a detail")))
                .isInstanceOf(UpstreamUnavailableException.class)
                .hasMessageContaining("DEMO unreachable (a detail)").hasMessageContaining("HttpTimeoutException");
        assertThat(seen).hasSize(1);

        int closed = FreePorts.next();
        UpstreamHttp nowhere = new UpstreamHttp("nowhere", "http://127.0.0.1:" + closed,
                UpstreamHttp.client(null, Duration.ofSeconds(2)), Duration.ofSeconds(1), circuits);
        assertThatThrownBy(() -> nowhere.call(UpstreamRequest.get("/data", "a list")))
                .isInstanceOf(UpstreamUnavailableException.class).hasMessageContaining("NOWHERE unreachable (a list)")
                .hasMessageContaining("ConnectException");
    }

    @Test
    void withoutATokenCredentialsRefusedAreUnavailableAndNotRetried() {
        dataStatus = () -> 401;
        UpstreamHttp basic = http.withBasicAuth("gateway", "pässword");
        assertThatThrownBy(() -> basic.call(UpstreamRequest.post("/data", "{}", "a push")))
                .isInstanceOf(UpstreamUnavailableException.class)
                .hasMessage("DEMO refused the gateway's credentials (HTTP 401) to a push; check DEMO_USER and DEMO_PASSWORD");
        assertThat(seen).hasSize(1);
        assertThat(seen.peek().authorization()).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString("gateway:pässword".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRefusedTokenIsRenewedOnceAndTheCallTriedAgain() {
        // a wider circuit window: the refusals below are counted, but must not open it here
        circuits = new UpstreamCircuits(50, 20, Duration.ofSeconds(30));
        http = new UpstreamHttp("demo", "http://127.0.0.1:" + server.getAddress().getPort(),
                UpstreamHttp.client(null, Duration.ofSeconds(2)), Duration.ofSeconds(5), circuits);
        MutableClock clock = new MutableClock();
        TokenCache tokens = new TokenCache(() -> http.call(UpstreamRequest.post("/login", "{}", "the login"),
                r -> new TokenCache.Token(r.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1"),
                        clock.instant().plusSeconds(600))), clock, Duration.ofSeconds(60));
        UpstreamHttp withToken = http.withToken(tokens, "Authorization", "Bearer ");

        assertThat(withToken.call(UpstreamRequest.get("/data", "a list")).status()).isEqualTo(200);
        assertThat(withToken.call(UpstreamRequest.get("/data", "a list")).status()).isEqualTo(200);
        assertThat(tokens.logins()).as("the token is reused").isEqualTo(1);

        validToken = "revoked-upstream-side";
        assertThat(withToken.call(UpstreamRequest.get("/data", "a list")).status()).isEqualTo(200);
        assertThat(tokens.logins()).isEqualTo(2);
        List<String> dataAuth = seen.stream().filter(s -> s.path().equals("/data")).map(Seen::authorization).toList();
        assertThat(dataAuth).containsExactly("Bearer tok-1", "Bearer tok-1", "Bearer tok-1", "Bearer tok-2");

        // refused even with a fresh token: one renewal only, then unavailable
        dataStatus = () -> 403;
        int before = seen.size();
        assertThatThrownBy(() -> withToken.call(UpstreamRequest.get("/data", "a list")))
                .isInstanceOf(UpstreamUnavailableException.class).hasMessageContaining("HTTP 403")
                .hasMessageNotContaining("tok-");
        assertThat(seen.size() - before).as("data, login, data").isEqualTo(3);
        assertThat(tokens.logins()).isEqualTo(3);
    }

    @Test
    void aTokenRefusedInTheAnswersBodyIsRenewedOnceToo() {
        circuits = new UpstreamCircuits(50, 20, Duration.ofSeconds(30));
        http = new UpstreamHttp("demo", "http://127.0.0.1:" + server.getAddress().getPort(),
                UpstreamHttp.client(null, Duration.ofSeconds(2)), Duration.ofSeconds(5), circuits);
        MutableClock clock = new MutableClock();
        TokenCache tokens = new TokenCache(() -> http.call(UpstreamRequest.post("/login", "{}", "the login"),
                r -> new TokenCache.Token(r.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1"),
                        clock.instant().plusSeconds(600))), clock, Duration.ZERO);
        UpstreamHttp withToken = http.withToken(tokens, "Authorization", "Bearer ",
                r -> r.body().contains("\"error_code\":401"));
        refuseInBody = true;

        assertThat(withToken.call(UpstreamRequest.get("/data", "a list")).body()).contains("\"status\":200");
        validToken = "revoked-upstream-side";
        UpstreamResponse renewed = withToken.call(UpstreamRequest.get("/data", "a list"));
        assertThat(renewed.body()).as("the refusal in the body is not the answer").contains("\"status\":200");
        assertThat(tokens.logins()).isEqualTo(2);
        assertThat(seen.stream().filter(s -> s.path().equals("/data")).map(Seen::authorization).toList())
                .containsExactly("Bearer tok-1", "Bearer tok-1", "Bearer tok-2");

        // refused with the renewed token too: not tried again, and the message does not blame the password
        dataStatus = () -> 403;
        assertThatThrownBy(() -> withToken.call(UpstreamRequest.get("/data", "a list")))
                .isInstanceOf(UpstreamUnavailableException.class)
                .hasMessage("DEMO refused a freshly issued token (HTTP 403) to a list");
    }

    @Test
    void aTokenInTheBodyIsRenewedOnceAndABinaryAnswerStaysBytes() {
        circuits = new UpstreamCircuits(50, 20, Duration.ofSeconds(30));
        http = new UpstreamHttp("demo", "http://127.0.0.1:" + server.getAddress().getPort(),
                UpstreamHttp.client(null, Duration.ofSeconds(2)), Duration.ofSeconds(5), circuits);
        byte[] file = {(byte) 0x25, (byte) 0x50, (byte) 0xff, 0, (byte) 0xc3, (byte) 0x28};
        server.createContext("/session", ex -> {
            Seen s = record(ex);
            boolean valid = validToken != null && s.body().equals("{\"session\":\"" + validToken + "\"}");
            answer(ex, valid ? 200 : 401, valid ? "{}" : "{\"message\":\"Session không hợp lệ\"}");
        });
        server.createContext("/file", ex -> {
            record(ex);
            ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=a.pdf");
            ex.sendResponseHeaders(200, file.length);
            ex.getResponseBody().write(file);
            ex.close();
        });
        MutableClock clock = new MutableClock();
        TokenCache tokens = new TokenCache(() -> http.call(UpstreamRequest.post("/login", "{}", "the login"),
                r -> new TokenCache.Token(r.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1"),
                        clock.instant().plusSeconds(600))), clock, Duration.ofSeconds(60));
        UpstreamHttp inBody = http.withTokenInBody(tokens);
        UpstreamRequest call = UpstreamRequest.postWithToken("/session", t -> "{\"session\":\"" + t + "\"}", "a call");
        assertThat(inBody.call(call).status()).isEqualTo(200);
        validToken = "revoked-upstream-side";
        assertThat(inBody.call(call).status()).as("the body is built again with the new token").isEqualTo(200);
        assertThat(seen.stream().filter(s -> s.path().equals("/session")).map(Seen::body).toList())
                .containsExactly("{\"session\":\"tok-1\"}", "{\"session\":\"tok-1\"}", "{\"session\":\"tok-2\"}");
        assertThat(seen.stream().filter(s -> s.path().equals("/session")).map(Seen::authorization).toList())
                .as("no header token").containsOnlyNulls();

        UpstreamResponse bytes = http.callForBytes(UpstreamRequest.get("/file", "a file"), r -> r);
        assertThat(bytes.bytes()).as("not decoded as text").isEqualTo(file);
        assertThat(bytes.body()).isNull();
        assertThat(bytes.header("content-disposition")).isEqualTo("attachment; filename=a.pdf");
        UpstreamResponse missing = http.callForBytes(UpstreamRequest.get("/nothing-here", "a file"), r -> r);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).as("a refusal is text, to be quoted").isNotNull();
    }

    @Test
    void aThrowingReaderCountsAsAFailure() {
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> http.call(UpstreamRequest.get("/data", "a login"), r -> {
                throw new UpstreamUnavailableException("answer carries no token");
            })).hasMessage("answer carries no token");
        }
        assertThat(circuits.state("demo")).isEqualTo("OPEN");
    }

    @Test
    void theStatusRule() {
        assertThat(UpstreamStatus.of(200)).isEqualTo(UpstreamStatus.OK);
        assertThat(UpstreamStatus.of(204)).isEqualTo(UpstreamStatus.OK);
        assertThat(UpstreamStatus.of(401)).isEqualTo(UpstreamStatus.AUTH_REFUSED);
        assertThat(UpstreamStatus.of(403)).isEqualTo(UpstreamStatus.AUTH_REFUSED);
        assertThat(UpstreamStatus.of(408)).isEqualTo(UpstreamStatus.UNAVAILABLE);
        assertThat(UpstreamStatus.of(429)).isEqualTo(UpstreamStatus.UNAVAILABLE);
        assertThat(UpstreamStatus.of(500)).isEqualTo(UpstreamStatus.UNAVAILABLE);
        assertThat(UpstreamStatus.of((Integer) null)).isEqualTo(UpstreamStatus.UNAVAILABLE);
        assertThat(UpstreamStatus.of(400)).isEqualTo(UpstreamStatus.REFUSED);
        assertThat(UpstreamStatus.of(404)).isEqualTo(UpstreamStatus.REFUSED);
        assertThat(UpstreamStatus.of(302)).isEqualTo(UpstreamStatus.REFUSED);
    }

    private Seen record(HttpExchange ex) throws IOException {
        Seen s = new Seen(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Content-Type"),
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        seen.add(s);
        return s;
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
