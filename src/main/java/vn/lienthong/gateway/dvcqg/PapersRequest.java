package vn.lienthong.gateway.dvcqg;

import java.util.List;

/**
 * A checked papers lookup: either {@code problems} (each naming the field and the reason) or the exact body to
 * send to DVCQG. Carries no personal data outside {@code upstreamBody}, which is never logged.
 */
public record PapersRequest(String maThuTuc, String kenhThucHien, List<String> requestedCodes, String upstreamBody,
                            List<Problem> problems) {

    public record Problem(String field, String reason) {
    }

    public boolean valid() {
        return problems.isEmpty();
    }

    @Override
    public String toString() {
        // used in logs: codes only
        return "papers lookup MaThuTuc=" + maThuTuc + " KenhThucHien=" + kenhThucHien + " codes=" + requestedCodes;
    }
}
