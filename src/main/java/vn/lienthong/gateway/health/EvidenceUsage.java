package vn.lienthong.gateway.health;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.lienthong.gateway.ledger.Ledger;

/**
 * Seed 004's "already used" state: evidence becomes used when the registration is made, i.e. when PMHT has
 * the dossier (state SENT). The civil dispatch calls {@link #markUsedIfSent}; {@link #reconcile} catches up
 * dossiers that reached PMHT without that call (a crash between PMHT's answer and the mark, or a redelivery
 * that found the push already done). A used DHIS2 death becomes due for the share-back to DHIS2.
 */
public class EvidenceUsage {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceUsage.class);

    private final EvidenceStore store;
    private final Ledger ledger;

    public EvidenceUsage(EvidenceStore store, Ledger ledger) {
        this.store = store;
        this.ledger = ledger;
    }

    /**
     * The hook of the civil dispatch: marks the dossier's evidence used when the push outcome is SENT.
     * Never throws: the push is already done, and {@link #reconcile} marks later what fails now.
     */
    public void markUsedIfSent(String maHoSo, String outcome) {
        if (maHoSo == null || !"SENT".equals(outcome)) {
            return;
        }
        try {
            // its look-ups, marks and trail events in one transaction instead of one each (BENCHMARKS.md); a
            // failure undoes them all, and the reconciliation marks them later
            ledger.atomically(() -> markUsedFor(maHoSo));
        } catch (RuntimeException e) {
            LOG.warn("Evidence of dossier {} not marked used yet ({}); the reconciliation will retry", maHoSo,
                    e.getClass().getSimpleName());
        }
    }

    /** Marks every piece of evidence the dossier refers to as used by it; returns what was marked. */
    public List<String> markUsedFor(String maHoSo) {
        List<String> marked = new ArrayList<>();
        for (EvidenceStore.Link link : store.links(maHoSo)) {
            switch (link.kind()) {
                case "GCS" -> note(maHoSo, "birth certificate", link.ref(),
                        store.markUsed(EvidenceKind.BIRTH, link.ref(), maHoSo), marked);
                case "GBT" -> note(maHoSo, "death notice", link.ref(),
                        store.markUsed(EvidenceKind.DEATH, link.ref(), maHoSo), marked);
                case "NKT_ID" -> {
                    // deaths collected by village health workers carry no notice number: matched by the ID number
                    for (EvidenceStore.Stored d : store.deathsByDeceased(link.ref())) {
                        if (!d.used() && "DHIS2".equals(d.source())) {
                            note(maHoSo, "DHIS2 death", d.key(), store.markUsed(EvidenceKind.DEATH, d.key(), maHoSo), marked);
                        }
                    }
                }
                default -> LOG.warn("Unknown evidence link kind {} for dossier {}", link.kind(), maHoSo);
            }
            store.linkMarked(maHoSo, link.kind());
        }
        return marked;
    }

    /** Marks a birth certificate used by a dossier directly (e.g. an officer's registration outside the flow). */
    public boolean markBirthCertificateUsed(String maGCS, String maHoSo) {
        List<String> marked = new ArrayList<>();
        note(maHoSo, "birth certificate", maGCS, store.markUsed(EvidenceKind.BIRTH, maGCS, maHoSo), marked);
        return !marked.isEmpty();
    }

    public boolean markDeathNoticeUsed(String maGBT, String maHoSo) {
        List<String> marked = new ArrayList<>();
        note(maHoSo, "death notice", maGBT, store.markUsed(EvidenceKind.DEATH, maGBT, maHoSo), marked);
        return !marked.isEmpty();
    }

    /** Marks the evidence of dossiers that reached PMHT but whose evidence is not marked yet. */
    public int reconcile() {
        int n = 0;
        for (String maHoSo : store.unmarkedLinksOfSentDossiers(200)) {
            markUsedFor(maHoSo);
            n++;
        }
        return n;
    }

    private void note(String maHoSo, String what, String number, EvidenceStore.MarkResult result, List<String> marked) {
        switch (result) {
            case MARKED -> {
                marked.add(number);
                ledger.event(maHoSo, "health", "EVIDENCE_USED", what + " " + number + " marked used by this registration");
            }
            case ALREADY_MARKED -> marked.add(number);
            case USED_BY_ANOTHER -> ledger.event(maHoSo, "health", "EVIDENCE_CONFLICT",
                    what + " " + number + " was already used by another registration");
            case NOT_FOUND -> ledger.event(maHoSo, "health", "EVIDENCE_UNKNOWN",
                    what + " " + number + " is not in the evidence store; nothing marked");
        }
    }
}
