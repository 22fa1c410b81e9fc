package vn.lienthong.gateway.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.lienthong.gateway.ledger.Ledger;
import vn.lienthong.gateway.ledger.ResultRecords;

/**
 * Seed 004's "đã được sử dụng" (already used): a birth certificate or death notice is used by a registration, i.e.
 * when PMHT reports the registration done (trangThai 4 with its result). Driven by the civil flow's registration
 * events (at once, or from the queue civil.registration.events; {@link RegistrationEvents}):
 * <ul>
 *   <li>SENT (PMHT has the dossier): the evidence it refers to is <b>reserved</b> (inferred: another dossier cannot
 *   take it meanwhile; the hospital may still correct it, the seed refuses only used evidence);</li>
 *   <li>REGISTERED: <b>used</b>; a death whose deceased matches a DHIS2 A6 event (by the ID number health keeps as
 *   the dossier's evidence link) becomes due for the share-back with PMHT's registration number and date;</li>
 *   <li>REFUSED (PMHT 6), REJECTED (officer), WITHDRAWN: <b>released</b>, so the hospital's corrected resend is
 *   accepted.</li>
 * </ul>
 * Each step leaves a trail entry on the dossier. {@link #reconcile} catches up dossiers whose event was lost.
 */
public class EvidenceUsage {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceUsage.class);

    private final EvidenceStore store;
    private final Ledger ledger;
    private final ResultRecords results;

    public EvidenceUsage(EvidenceStore store, Ledger ledger) {
        this.store = store;
        this.ledger = ledger;
        this.results = new ResultRecords(ledger);
    }

    /** PMHT has the dossier: its evidence is held for it until PMHT decides. Returns what was reserved. */
    public List<String> reserve(String maHoSo) {
        return ledger.atomically(() -> {
            List<String> reserved = new ArrayList<>();
            for (EvidenceStore.Link link : store.links(maHoSo)) {
                switch (link.kind()) {
                    case "GCS" -> noteReserve(maHoSo, "birth certificate", link.ref(),
                            store.reserve(EvidenceKind.BIRTH, link.ref(), maHoSo), reserved);
                    case "GBT" -> noteReserve(maHoSo, "death notice", link.ref(),
                            store.reserve(EvidenceKind.DEATH, link.ref(), maHoSo), reserved);
                    case "NKT_ID" -> {
                        // deaths collected by village health workers carry no notice number: matched by the ID number
                        for (EvidenceStore.Stored d : store.deathsByDeceased(link.ref())) {
                            if (!d.used() && Dhis2Pull.SOURCE.equals(d.source())) {
                                noteReserve(maHoSo, "DHIS2 death", d.key(),
                                        store.reserve(EvidenceKind.DEATH, d.key(), maHoSo), reserved);
                            }
                        }
                    }
                    default -> LOG.warn("Unknown evidence link kind {} for dossier {}", link.kind(), maHoSo);
                }
                store.linkMarked(maHoSo, link.kind());
            }
            return reserved;
        });
    }

    /**
     * PMHT registered the event: the evidence is used by the registration. Every DHIS2 death of the deceased (matched
     * by the ID number of the dossier's evidence link) is marked used too and becomes due for the share-back with
     * {@code soDangKy}/{@code ngayDangKy}. A death with no DHIS2 event gets a DHIS2_NO_EVENT trail entry.
     */
    public List<String> registered(String maHoSo, String module, String soDangKy, String ngayDangKy) {
        return ledger.atomically(() -> {
            store.recordRegistration(new EvidenceStore.Registration(maHoSo, module, RegistrationEvents.REGISTERED,
                    soDangKy, ngayDangKy));
            List<String> marked = new ArrayList<>();
            boolean death = module != null && RegistrationEvents.DEATH_MODULES.contains(module);
            boolean dhis2Event = false;
            String deceasedId = null;
            for (EvidenceStore.Link link : store.links(maHoSo)) {
                switch (link.kind()) {
                    case "GCS" -> note(maHoSo, "birth certificate", link.ref(),
                            store.markUsed(EvidenceKind.BIRTH, link.ref(), maHoSo), marked);
                    case "GBT" -> {
                        death = true;
                        note(maHoSo, "death notice", link.ref(), store.markUsed(EvidenceKind.DEATH, link.ref(), maHoSo), marked);
                    }
                    case "NKT_ID" -> {
                        death = true;
                        deceasedId = "-".equals(link.ref()) ? null : link.ref();
                        for (EvidenceStore.Stored d : store.deathsByDeceased(link.ref())) {
                            if (!Dhis2Pull.SOURCE.equals(d.source())) {
                                continue;
                            }
                            if (maHoSo.equals(d.usedBy())) {
                                dhis2Event = true;
                            } else if (!d.used()) {
                                EvidenceStore.MarkResult r = store.markUsed(EvidenceKind.DEATH, d.key(), maHoSo);
                                dhis2Event |= r == EvidenceStore.MarkResult.MARKED;
                                note(maHoSo, "DHIS2 death", d.key(), r, marked);
                            }
                        }
                    }
                    default -> LOG.warn("Unknown evidence link kind {} for dossier {}", link.kind(), maHoSo);
                }
                store.linkMarked(maHoSo, link.kind());
            }
            if (death && !dhis2Event) {
                // inferred: an A6 event is not created (no DHIS2 org unit for the registry's commune, and it would
                // copy the deceased's personal data); a DHIS2 death of the deceased pulled later is shared back then
                if (deceasedId != null) {
                    store.awaitDhis2Event(maHoSo, deceasedId);
                }
                ledger.event(maHoSo, "health", "DHIS2_NO_EVENT", "no DHIS2 A6 event of this deceased in the evidence"
                        + " store; " + (deceasedId != null ? "shared back when one is pulled" : "nothing shared back to DHIS2"));
            }
            return marked;
        });
    }

    /**
     * A DHIS2 death just stored by the pull: a registered death of the same deceased that had no DHIS2 event uses it,
     * so the registration is shared back (seed 004 2.4.2: every registered death). Returns the dossier, if any.
     */
    public Optional<String> dhis2DeathArrived(String maGBT, String deceasedId) {
        if (deceasedId == null || deceasedId.isBlank()) {
            return Optional.empty();
        }
        return ledger.atomically(() -> store.registrationAwaitingDhis2(deceasedId.trim()).map(maHoSo -> {
            List<String> marked = new ArrayList<>();
            note(maHoSo, "DHIS2 death", maGBT, store.markUsed(EvidenceKind.DEATH, maGBT, maHoSo), marked);
            store.stopAwaitingDhis2Event(maHoSo);
            return maHoSo;
        }));
    }

    /** DHIS2's A6 review changed the cause of death of a death a registration used: stored, and said in its trail. */
    public boolean causeReviewed(String maGBT, String cause) {
        return store.reviewCause(maGBT, cause).map(maHoSo -> {
            // the cause itself is health data: the trail says that it changed, not what it is
            ledger.event(maHoSo, "health", "CAUSE_OF_DEATH_REVIEWED",
                    "DHIS2's A6 review updated the cause of death of " + maGBT + " (revision of the stored death)");
            return true;
        }).orElse(false);
    }

    /** PMHT refused, the officer rejected, or the citizen withdrew: what the dossier reserved is free again. */
    public List<String> release(String maHoSo, String module, String event) {
        return ledger.atomically(() -> {
            store.recordRegistration(new EvidenceStore.Registration(maHoSo, module, event, null, null));
            List<String> released = store.release(maHoSo);
            for (String number : released) {
                ledger.event(maHoSo, "health", "EVIDENCE_RELEASED", number + " released (" + event.toLowerCase(java.util.Locale.ROOT)
                        + "): free for another registration and for the hospital's correction");
            }
            return released;
        });
    }

    /** Marks every piece of evidence the dossier refers to as used by it (a registration made outside the events). */
    public List<String> markUsedFor(String maHoSo) {
        return registered(maHoSo, null, null, null);
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

    /**
     * Catches up dossiers whose registration event never arrived: reserves for dossiers PMHT has, uses for
     * registered ones (registration number and date from the stored result), releases for refused/rejected/failed.
     */
    public int reconcile() {
        int n = 0;
        for (EvidenceStore.Lagging l : store.laggingDossiers(200)) {
            try {
                switch (l.state()) {
                    case "SENT", "PROCESSING", "SUPPLEMENT_REQUESTED" -> reserve(l.maHoSo());
                    case "REGISTERED", "RESULT_DELIVERED" -> {
                        Optional<ResultRecords.Result> r = results.find(l.maHoSo());
                        registered(l.maHoSo(), store.registration(l.maHoSo()).map(EvidenceStore.Registration::module)
                                .orElse(null), r.map(ResultRecords.Result::soDangKy).orElse(null),
                                r.map(ResultRecords.Result::ngayDangKy).orElse(null));
                    }
                    default -> release(l.maHoSo(), null, l.state());
                }
                n++;
            } catch (RuntimeException e) {
                LOG.warn("Evidence of dossier {} not reconciled yet ({}); the next tick retries", l.maHoSo(),
                        e.getClass().getSimpleName());
            }
        }
        return n;
    }

    private void noteReserve(String maHoSo, String what, String number, EvidenceStore.ReserveResult result,
                             List<String> reserved) {
        switch (result) {
            case RESERVED -> {
                reserved.add(number);
                ledger.event(maHoSo, "health", "EVIDENCE_RESERVED", what + " " + number
                        + " reserved while PMHT decides (used once registered, released if refused)");
            }
            case ALREADY_RESERVED -> reserved.add(number);
            case USED, RESERVED_BY_ANOTHER -> ledger.event(maHoSo, "health", "EVIDENCE_CONFLICT",
                    what + " " + number + " is " + (result == EvidenceStore.ReserveResult.USED ? "already used by"
                            : "reserved by") + " another registration");
            case NOT_FOUND -> ledger.event(maHoSo, "health", "EVIDENCE_UNKNOWN",
                    what + " " + number + " is not in the evidence store; nothing reserved");
        }
    }

    private void note(String maHoSo, String what, String number, EvidenceStore.MarkResult result, List<String> marked) {
        switch (result) {
            case MARKED -> {
                marked.add(number);
                ledger.event(maHoSo, "health", "EVIDENCE_USED", what + " " + number + " marked used by this registration");
            }
            case ALREADY_MARKED -> marked.add(number);
            case USED_BY_ANOTHER -> ledger.event(maHoSo, "health", "EVIDENCE_CONFLICT",
                    what + " " + number + " was already used (or is reserved) by another registration");
            case NOT_FOUND -> ledger.event(maHoSo, "health", "EVIDENCE_UNKNOWN",
                    what + " " + number + " is not in the evidence store; nothing marked");
        }
    }
}
