package vn.lienthong.gateway.ledger;

/** What the ledger keeps about a dossier besides its state; any field may be null when not known yet. */
public record DossierFacts(String maHoSo, String flow, String moduleIn, String modulePushed, String maTinh,
                           String maDonVi, String contentVersion) {

    public static DossierFacts of(String maHoSo, String flow) {
        return new DossierFacts(maHoSo, flow, null, null, null, null, null);
    }
}
