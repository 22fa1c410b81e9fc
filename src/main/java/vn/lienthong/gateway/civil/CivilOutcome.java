package vn.lienthong.gateway.civil;

import java.util.List;

/** Result of checking and converting one inbound DVCLT dossier. */
public sealed interface CivilOutcome {

    /**
     * Ready to push: {@code pmhtPushJson} is the exact PMHT push body; {@code maTTHC} and {@code received}
     * (ngayTiepNhan) are the facts DVCLT status updates repeat, {@code keptPayload} the dossier as the ledger keeps it
     * (attachment contents left out, {@link KeptPayload}).
     */
    record Ready(String maHoSo, String moduleIn, String modulePushed, String maTinh, String maDonVi,
                 String contentVersion, String pmhtPushJson, String maTTHC, java.time.LocalDateTime received,
                 String keptPayload) implements CivilOutcome {
    }

    /** Rejected: every problem found. {@code maHoSo} is null when the input had none. */
    record Invalid(String maHoSo, List<Problem> problems) implements CivilOutcome {
    }

    /** Valid, but at least one address could not be resolved to exactly one unit. */
    record NeedsReview(String maHoSo, String maDonVi, List<AddressOutcome.Ambiguous> ambiguities) implements CivilOutcome {
    }
}
