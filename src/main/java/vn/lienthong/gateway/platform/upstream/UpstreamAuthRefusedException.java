package vn.lienthong.gateway.platform.upstream;

import vn.lienthong.gateway.platform.UpstreamUnavailableException;

/**
 * The upstream refused the gateway's credentials (401/403), also after a renewed token: unavailable like any other
 * (retried later), but a flow that answers a caller at once can tell it apart (an account to check, not an outage).
 */
public class UpstreamAuthRefusedException extends UpstreamUnavailableException {

    private final int status;

    public UpstreamAuthRefusedException(String message, int status) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
