package vn.lienthong.gateway.dvcqg;

/**
 * DVCQG (or the security server) gave an answer that is not usable: a business error (errorCode != 0), refused
 * credentials, an unreadable answer. Not retried blindly: the caller is told, with DVCQG's own message.
 */
public class DvcqgException extends RuntimeException {

    private final String code;

    public DvcqgException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** Short machine-readable reason: DVCQG_ERROR, DVCQG_AUTH, DVCQG_BAD_ANSWER... */
    public String code() {
        return code;
    }
}
