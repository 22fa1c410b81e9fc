package vn.lienthong.gateway.health;

import vn.lienthong.gateway.ledger.LedgerException;

/**
 * The evidence database failed. A LedgerException, so queue consumers treat it like the ledger being
 * unreachable: the message rolls back and waits in its queue instead of being dead-lettered.
 */
public class HealthStoreException extends LedgerException {
    public HealthStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
