package vn.lienthong.gateway.dvcqg;

import vn.lienthong.gateway.platform.UpstreamUnavailableException;

/** How the routes read the HTTP status of a call through the security server. */
public final class UpstreamAnswers {

    /** Throws for answers that say nothing about the request (5xx, throttling, no answer): DVCQG is unavailable. */
    public void checkTransport(Integer httpStatus, String what) {
        int code = httpStatus == null ? 0 : httpStatus;
        if (code >= 500 || code == 408 || code == 429 || code == 0) {
            throw new UpstreamUnavailableException(what + ": the security server answered HTTP " + code);
        }
    }

    /** DVCQG refused the token: the caller drops it, logs in again and retries once. */
    public boolean isAuthFailure(Integer httpStatus) {
        return httpStatus != null && (httpStatus == 401 || httpStatus == 403);
    }
}
