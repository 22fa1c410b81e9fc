package vn.lienthong.gateway.civil;

/**
 * Where an inbound dossier goes next and with which body: {@code route} is dispatch, invalid or review.
 * The route reads these through simple expressions such as {@code ${body.route()}}.
 */
public record IntakeDecision(String route, String maHoSo, String modulePushed, String contentVersion, String body,
                             String reason) {

    public static final String DISPATCH = "dispatch";
    public static final String INVALID = "invalid";
    public static final String REVIEW = "review";
}
