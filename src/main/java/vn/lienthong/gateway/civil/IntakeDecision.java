package vn.lienthong.gateway.civil;

/**
 * Where an inbound dossier goes next and with which body: {@code route} is dispatch, invalid, review, awaiting or done.
 * The route reads these through simple expressions such as {@code ${body.route()}}.
 */
public record IntakeDecision(String route, String maHoSo, String modulePushed, String contentVersion, String body,
                             String reason) {

    public static final String DISPATCH = "dispatch";
    public static final String INVALID = "invalid";
    public static final String REVIEW = "review";
    /** Valid, waiting for the one-stop-shop officer (CIVIL_AUTO_ACCEPT=false): nothing is sent on. */
    public static final String AWAITING = "awaiting";
    /** Nothing more to send on (a duplicate of a waiting or rejected version, an officer's rejection). */
    public static final String DONE = "done";
}
