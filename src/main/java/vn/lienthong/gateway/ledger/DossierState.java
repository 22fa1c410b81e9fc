package vn.lienthong.gateway.ledger;

/** Ledger states of a dossier (see ARCHITECTURE.md's state machine). */
public enum DossierState {
    RECEIVED, REJECTED, NEEDS_REVIEW, AWAITING_ACCEPTANCE, ACCEPTED, SENT, FAILED,
    PROCESSING, SUPPLEMENT_REQUESTED, REFUSED, REGISTERED, RESULT_DELIVERED,
    /** Routed to a flow whose upstream does not handle it (e.g. not one of MOLISA's 11 procedures): answered, not sent. */
    NOT_APPLICABLE;

    /** States no poller or retry will move any more without a new version or an operator. */
    public boolean terminal() {
        return this == REJECTED || this == FAILED || this == REFUSED || this == RESULT_DELIVERED || this == NOT_APPLICABLE;
    }
}
