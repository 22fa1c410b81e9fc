package vn.lienthong.gateway.platform.upstream;

/**
 * The one rule for an upstream's HTTP status, shared by every upstream call (it replaces the copies each flow had):
 * 2xx is an answer; 401/403 refuse the gateway's credentials (a token is renewed and the call tried once more);
 * 408, 429, 5xx and no answer at all say nothing about the request and are retried later (the circuit counts them);
 * any other status (3xx, 4xx) is the upstream's refusal of the request itself, which the flow reads and decides about.
 */
public enum UpstreamStatus {
    OK, AUTH_REFUSED, UNAVAILABLE, REFUSED;

    /** {@code 0} stands for "no HTTP answer". */
    public static UpstreamStatus of(int code) {
        if (code >= 200 && code < 300) {
            return OK;
        }
        if (code == 401 || code == 403) {
            return AUTH_REFUSED;
        }
        if (code <= 0 || code == 408 || code == 429 || code >= 500) {
            return UNAVAILABLE;
        }
        return REFUSED;
    }

    /** {@link #of(int)} of a status that may be missing (null: no answer). */
    public static UpstreamStatus of(Integer code) {
        return of(code == null ? 0 : code);
    }
}
