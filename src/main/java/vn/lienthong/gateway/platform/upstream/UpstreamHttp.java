package vn.lienthong.gateway.platform.upstream;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

import javax.net.ssl.SSLContext;

import vn.lienthong.gateway.platform.UpstreamCircuits;
import vn.lienthong.gateway.platform.UpstreamUnavailableException;

/**
 * The one way the gateway calls an upstream over HTTP: through the upstream's circuit ({@link UpstreamCircuits}),
 * with the bounded timeout and no hidden retries, and with the one status rule ({@link UpstreamStatus}). Each call:
 * circuit permission, the request (JSON, UTF-8), then
 * <ul>
 *   <li>no answer, 408, 429, 5xx: failure on the circuit, {@link UpstreamUnavailableException} (retried later);</li>
 *   <li>401/403: failure on the circuit; with a {@link TokenCache} the token is dropped, a new one fetched and the
 *   call tried once more, otherwise (or refused again) {@link UpstreamUnavailableException}; an upstream that says
 *   so in its body instead (MOLISA's error_code) is told apart by the {@code refuses} of {@link #withToken};</li>
 *   <li>anything else: {@code read} turns the answer into the flow's value (a throw there counts on the circuit as
 *   a failure too), then success on the circuit.</li>
 * </ul>
 * Immutable and thread-safe; {@link #withToken} and {@link #withBasicAuth} return configured copies.
 */
public final class UpstreamHttp {

    private final String name;
    private final String label;
    private final String baseUrl;
    private final HttpClient client;
    private final Duration timeout;
    private final UpstreamCircuits circuits;
    private final Map<String, String> fixedHeaders;
    private final TokenCache tokens;
    private final String tokenHeader;
    private final String tokenPrefix;
    private final Predicate<UpstreamResponse> tokenRefused;

    /** {@code name}: the upstream's circuit name (pmht, dvclt...); messages use it in capitals. */
    public UpstreamHttp(String name, String baseUrl, HttpClient client, Duration timeout, UpstreamCircuits circuits) {
        this(name, baseUrl, client, timeout, circuits, Map.of(), null, null, null, r -> false);
    }

    private UpstreamHttp(String name, String baseUrl, HttpClient client, Duration timeout, UpstreamCircuits circuits,
                         Map<String, String> fixedHeaders, TokenCache tokens, String tokenHeader, String tokenPrefix,
                         Predicate<UpstreamResponse> tokenRefused) {
        this.name = Objects.requireNonNull(name);
        this.label = name.toUpperCase(Locale.ROOT);
        this.baseUrl = Objects.requireNonNull(baseUrl);
        this.client = Objects.requireNonNull(client);
        this.timeout = Objects.requireNonNull(timeout);
        this.circuits = Objects.requireNonNull(circuits);
        this.fixedHeaders = fixedHeaders;
        this.tokens = tokens;
        this.tokenHeader = tokenHeader;
        this.tokenPrefix = tokenPrefix;
        this.tokenRefused = tokenRefused;
    }

    /**
     * A JDK client for upstream calls: HTTP/1.1, certificates and host names verified with {@code ssl}, the connect
     * timeout bounded, redirects not followed (an upstream that redirects is answered as a refusal, visibly).
     */
    public static HttpClient client(SSLContext ssl, Duration connectTimeout) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER);
        if (ssl != null) {
            b.sslContext(ssl);
        }
        return b.build();
    }

    /** This upstream with preemptive HTTP Basic authentication (RFC 7617, UTF-8). */
    public UpstreamHttp withBasicAuth(String user, String password) {
        Map<String, String> headers = new LinkedHashMap<>(fixedHeaders);
        headers.put("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        return new UpstreamHttp(name, baseUrl, client, timeout, circuits, Map.copyOf(headers), tokens, tokenHeader,
                tokenPrefix, tokenRefused);
    }

    /** This upstream with the session token of {@code cache} in {@code header} (value {@code prefix + token}). */
    public UpstreamHttp withToken(TokenCache cache, String header, String prefix) {
        return withToken(cache, header, prefix, r -> false);
    }

    /**
     * As {@link #withToken(TokenCache, String, String)}, for an upstream that also refuses a token in an answer's
     * body: an answer {@code refuses} accepts is handled as a 401 (token renewed once, the call tried again).
     */
    public UpstreamHttp withToken(TokenCache cache, String header, String prefix, Predicate<UpstreamResponse> refuses) {
        return new UpstreamHttp(name, baseUrl, client, timeout, circuits, fixedHeaders, Objects.requireNonNull(cache),
                Objects.requireNonNull(header), prefix == null ? "" : prefix, Objects.requireNonNull(refuses));
    }

    public String name() {
        return name;
    }

    /** The call; the answer (2xx or a refusal to read) as is. */
    public UpstreamResponse call(UpstreamRequest request) {
        return call(request, Function.identity());
    }

    /** The call; {@code read} turns the answer into the flow's value before the circuit counts the call a success. */
    public <T> T call(UpstreamRequest request, Function<UpstreamResponse, T> read) {
        if (tokens == null) {
            return attempt(request, null, read, false).value();
        }
        String token = tokens.token();
        Attempt<T> first = attempt(request, token, read, true);
        if (!first.renew()) {
            return first.value();
        }
        tokens.invalidate(token);
        return attempt(request, tokens.token(), read, false).value();
    }

    private record Attempt<T>(T value, boolean renew) {
    }

    private <T> Attempt<T> attempt(UpstreamRequest request, String token, Function<UpstreamResponse, T> read,
                                   boolean mayRenew) {
        circuits.acquire(name);
        HttpResponse<String> response;
        try {
            request.beforeSend().run();
            response = client.send(build(request, token), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw failed(new UpstreamUnavailableException(label + " unreachable (" + request.what() + "): "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(new UpstreamUnavailableException(label + " call interrupted (" + request.what() + ")", e));
        } catch (RuntimeException e) {
            throw failed(e);
        }
        int code = response.statusCode();
        UpstreamStatus kind = UpstreamStatus.of(code);
        if (token != null && (kind == UpstreamStatus.OK || kind == UpstreamStatus.REFUSED)
                && tokenRefused.test(new UpstreamResponse(code, response.body()))) {
            kind = UpstreamStatus.AUTH_REFUSED;
        }
        switch (kind) {
            case UNAVAILABLE -> throw failed(new UpstreamUnavailableException(label + " answered HTTP " + code + " to "
                    + request.what()));
            case AUTH_REFUSED -> {
                // a token that was just renewed and is refused again: the login works, the rights do not
                UpstreamUnavailableException refused = new UpstreamUnavailableException(mayRenew || token == null
                        ? label + " refused the gateway's credentials (HTTP " + code + ") to " + request.what()
                        + (mayRenew ? "; a new token is fetched" : "; check " + label + "_USER and " + label + "_PASSWORD")
                        : label + " refused a freshly issued token (HTTP " + code + ") to " + request.what());
                circuits.recordFailure(name, refused);
                if (mayRenew) {
                    return new Attempt<>(null, true);
                }
                throw refused;
            }
            default -> { }
        }
        T value;
        try {
            value = read.apply(new UpstreamResponse(code, response.body()));
        } catch (RuntimeException e) {
            throw failed(e);
        }
        circuits.succeeded(name);
        return new Attempt<>(value, false);
    }

    private RuntimeException failed(RuntimeException e) {
        circuits.recordFailure(name, e);
        return e;
    }

    private HttpRequest build(UpstreamRequest request, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + request.path())).timeout(timeout);
        fixedHeaders.forEach(b::header);
        if (token != null) {
            b.header(tokenHeader, tokenPrefix + token);
        }
        if (request.body() != null) {
            b.header("Content-Type", "application/json; charset=utf-8");
            b.method(request.method(), HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
        } else {
            b.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "UpstreamHttp[" + name + ", " + baseUrl + "]";
    }
}
