package vn.lienthong.gateway.ledger;

import java.time.Instant;
import java.util.List;

/** A dossier's ledger row and its trail, as returned by GET /api/dossiers/{maHoSo}. */
public record DossierView(String maHoSo, String flow, String moduleIn, String modulePushed, String maTinh,
                          String maDonVi, String state, String contentVersion, int attempts, String lastReason,
                          Instant createdAt, Instant updatedAt, List<Event> trail) {

    public record Event(long id, Instant at, String step, String outcome, String reason) {
    }
}
