package vn.lienthong.gateway.platform.upstream;

import java.util.List;
import java.util.Map;

/**
 * An upstream's answer that passed the status rule: 2xx or a refusal the flow reads (never 401/403/408/429/5xx).
 * {@code body} is the answer as UTF-8 text; a binary call ({@link UpstreamHttp#callForBytes}) gives the answer's
 * {@code bytes} instead (and the text only for a refusal, to quote it), and {@code headers} (names in any case).
 */
public record UpstreamResponse(int status, String body, byte[] bytes, Map<String, List<String>> headers) {

    public UpstreamResponse {
        headers = headers == null ? Map.of() : headers;
    }

    public UpstreamResponse(int status, String body) {
        this(status, body, null, Map.of());
    }

    public UpstreamStatus kind() {
        return UpstreamStatus.of(status);
    }

    public boolean ok() {
        return kind() == UpstreamStatus.OK;
    }

    /** The first value of header {@code name} (compared case-insensitively), or null. */
    public String header(String name) {
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (h.getKey() != null && h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
                return h.getValue().get(0);
            }
        }
        return null;
    }
}
