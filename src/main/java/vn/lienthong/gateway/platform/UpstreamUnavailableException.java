package vn.lienthong.gateway.platform;

/** An upstream could not give a business answer (connection, timeout, 5xx, bad credentials): retry, then dead-letter. */
public class UpstreamUnavailableException extends RuntimeException {
    public UpstreamUnavailableException(String message) {
        super(message);
    }

    public UpstreamUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
