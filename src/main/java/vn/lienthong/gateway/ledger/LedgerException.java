package vn.lienthong.gateway.ledger;

/** The ledger database failed; transient by nature (the message is rolled back and redelivered). */
public class LedgerException extends RuntimeException {
    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
