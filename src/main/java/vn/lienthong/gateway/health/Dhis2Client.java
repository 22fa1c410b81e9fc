package vn.lienthong.gateway.health;

import vn.lienthong.gateway.platform.upstream.UpstreamHttp;
import vn.lienthong.gateway.platform.upstream.UpstreamRequest;
import vn.lienthong.gateway.platform.upstream.UpstreamResponse;

/**
 * DHIS2's two operations (seed 004 solution 4.1), each one call through the shared upstream client (HTTP Basic,
 * circuit "dhis2", one status rule): the events page of the pull and the tracker update of the share-back. No answer,
 * 401/403, 408, 429 or 5xx throw UpstreamUnavailableException (retried by the broker, then dead-lettered).
 */
public final class Dhis2Client {

    static final String EVENTS = "/api/tracker/events";
    static final String TRACKER = "/api/tracker?async=false&importStrategy=UPDATE";

    private final UpstreamHttp http;

    /** {@code http}: DHIS2 at DHIS2_URL; unset credentials (DHIS2_ENABLED=false) are sent empty, never "null". */
    public Dhis2Client(UpstreamHttp http, String user, String password) {
        this.http = http.withBasicAuth(user == null ? "" : user, password == null ? "" : password);
    }

    /**
     * One page of events ({@code query}: the query string); the answer's body. Any other refusal (404, 400...) is a
     * configuration error, counted on the circuit and retried like an outage, then dead-lettered with this reason.
     */
    public String events(String query) {
        return http.call(UpstreamRequest.get(EVENTS + "?" + query, "the events query"), answer -> {
            if (!answer.ok()) {
                throw new IllegalStateException("DHIS2 refused the events query (HTTP " + answer.status()
                        + "); check DHIS2_PROGRAM, DHIS2_STAGE and the user's access");
            }
            return answer.body();
        });
    }

    /** One tracker import (JSON); DHIS2's answer, its import report, for the flow to read (409: refused). */
    public UpstreamResponse track(String payload) {
        return http.call(UpstreamRequest.post(TRACKER, payload, "a tracker update"));
    }
}
