package vn.lienthong.gateway.platform.upstream;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One upstream operation: method, path under the upstream's base URL, JSON body (null for none) and what it is, in
 * words, for error messages ("a status update"). {@code beforeSend} runs once the circuit let the call through, right
 * before each HTTP request (e.g. counting a push attempt): a call the circuit stopped is not counted.
 * {@code bodyForToken}, for upstreams that take the session token in the body rather than a header (DVCQG's
 * {@code mapi/call}): the body for a given token, built again when the token is renewed.
 */
public record UpstreamRequest(String method, String path, String body, String what, Runnable beforeSend,
                              UnaryOperator<String> bodyForToken) {

    public UpstreamRequest {
        Objects.requireNonNull(method);
        Objects.requireNonNull(path);
        Objects.requireNonNull(what);
        beforeSend = beforeSend == null ? () -> { } : beforeSend;
    }

    public UpstreamRequest(String method, String path, String body, String what, Runnable beforeSend) {
        this(method, path, body, what, beforeSend, null);
    }

    public static UpstreamRequest get(String path, String what) {
        return new UpstreamRequest("GET", path, null, what, null);
    }

    public static UpstreamRequest post(String path, String body, String what) {
        return new UpstreamRequest("POST", path, body, what, null);
    }

    /** A POST whose JSON body carries the session token ({@link UpstreamHttp#withTokenInBody}). */
    public static UpstreamRequest postWithToken(String path, UnaryOperator<String> bodyForToken, String what) {
        return new UpstreamRequest("POST", path, null, what, null, Objects.requireNonNull(bodyForToken));
    }

    public UpstreamRequest beforeSend(Runnable hook) {
        return new UpstreamRequest(method, path, body, what, hook, bodyForToken);
    }

    /** The body sent with {@code token} (null: no token). */
    String bodyWith(String token) {
        return bodyForToken != null && token != null ? bodyForToken.apply(token) : body;
    }
}
