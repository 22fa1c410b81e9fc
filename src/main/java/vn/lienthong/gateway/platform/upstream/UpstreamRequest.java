package vn.lienthong.gateway.platform.upstream;

import java.util.Objects;

/**
 * One upstream operation: method, path under the upstream's base URL, JSON body (null for none) and what it is, in
 * words, for error messages ("a status update"). {@code beforeSend} runs once the circuit let the call through, right
 * before each HTTP request (e.g. counting a push attempt): a call the circuit stopped is not counted.
 */
public record UpstreamRequest(String method, String path, String body, String what, Runnable beforeSend) {

    public UpstreamRequest {
        Objects.requireNonNull(method);
        Objects.requireNonNull(path);
        Objects.requireNonNull(what);
        beforeSend = beforeSend == null ? () -> { } : beforeSend;
    }

    public static UpstreamRequest get(String path, String what) {
        return new UpstreamRequest("GET", path, null, what, null);
    }

    public static UpstreamRequest post(String path, String body, String what) {
        return new UpstreamRequest("POST", path, body, what, null);
    }

    public UpstreamRequest beforeSend(Runnable hook) {
        return new UpstreamRequest(method, path, body, what, hook);
    }
}
