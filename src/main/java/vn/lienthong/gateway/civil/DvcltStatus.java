package vn.lienthong.gateway.civil;

/** DVCLT status codes (DOMAIN.md F3) the gateway reports for a civil dossier. */
public final class DvcltStatus {

    /** Received by the one-stop-shop (MCĐT). */
    public static final int RECEIVED = 1;
    /** Supplementation requested, with a deadline. */
    public static final int SUPPLEMENT_REQUESTED = 2;
    /** Eligible, accepted by the one-stop-shop. */
    public static final int ACCEPTED = 3;
    /** Result available (registration done). */
    public static final int RESULT = 4;
    /** Result returned. */
    public static final int RESULT_RETURNED = 5;
    /** Rejected. */
    public static final int REJECTED = 6;
    /** Sent to the justice system (PMHT). */
    public static final int SENT_TO_JUSTICE = 7;

    private DvcltStatus() {
    }
}
