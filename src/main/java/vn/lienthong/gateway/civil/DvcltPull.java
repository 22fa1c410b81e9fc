package vn.lienthong.gateway.civil;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.lienthong.gateway.ledger.DvcltIntakeLog;
import vn.lienthong.gateway.ledger.FileStore;
import vn.lienthong.gateway.ledger.Ledger;
import vn.lienthong.gateway.platform.UpstreamUnavailableException;
import vn.lienthong.gateway.platform.upstream.UpstreamResponse;

/**
 * DVCLT pull intake (DOMAIN.md F1 b): reads the list of new dossiers, turns each detail
 * ({@code hosolienthong/{id}}) into the inbound message of civil.dossier.inbound, and keeps per DVCLT id what
 * was done (LISTED, ENQUEUED, ACKED), so that a dossier listed twice is enqueued once and the acknowledgement
 * ({maHoSo, daNhan:true}) is only sent after the message is durably on the queue.
 */
public class DvcltPull {

    /** The list answer: ids to fetch, plus review entries for list items the gateway cannot use. */
    public record Listing(List<String> ids, List<String> anomalies) {
    }

    /** What to do with one fetched detail: enqueue {@code inbound} (when not null), then acknowledge. */
    public record Taken(String dvcltId, String maHoSo, String contentSha, String inbound) {
        public boolean enqueue() {
            return inbound != null;
        }
    }

    private final Ledger ledger;
    private final DvcltIntakeLog log;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public DvcltPull(Ledger ledger, DvcltIntakeLog log, Clock clock) {
        this.ledger = ledger;
        this.log = log;
        this.clock = clock;
    }

    /** Where a pull puts what it took: the intake queue (a durable send, done when it returns) and the review queue. */
    public interface Intake {
        void enqueue(String trackingId, String inbound);

        void anomaly(String anomaly);

        /** A dossier was enqueued (for the operators' log: its code and DVCLT id only). */
        void takenIn(String maHoSo, String dvcltId);

        /** One dossier failed; the next run tries again. */
        void failed(RuntimeException cause);
    }

    /**
     * One pull: the list, then per dossier its detail, its durable enqueueing (unless already taken) and only then
     * DVCLT's acknowledgement. A failure of the list fails the run; a failure of one dossier is logged and left to
     * the next run, the others go on. Returns how many ids were listed.
     */
    public int run(DvcltClient dvclt, Intake intake) {
        UpstreamResponse list = dvclt.list();
        Listing listing = listing(list.status(), list.body());
        listing.anomalies().forEach(intake::anomaly);
        for (String id : listing.ids()) {
            try {
                UpstreamResponse detail = dvclt.detail(id);
                Taken taken = take(id, detail.status(), detail.body());
                if (taken.enqueue()) {
                    intake.enqueue("dvclt-" + id + "-" + UUID.randomUUID().toString().substring(0, 8), taken.inbound());
                    enqueued(taken);
                    intake.takenIn(taken.maHoSo(), id);
                }
                UpstreamResponse ack = dvclt.acknowledge(ackBody(taken));
                acked(taken, ack.status(), ack.body());
            } catch (RuntimeException e) {
                intake.failed(e);
            }
        }
        return listing.ids().size();
    }

    public Listing listing(Integer httpStatus, String body) {
        int code = httpStatus == null ? 0 : httpStatus;
        if (code < 200 || code >= 300) {
            throw new UpstreamUnavailableException("DVCLT list answered HTTP " + code);
        }
        JsonNode n = read(body);
        JsonNode data = n == null ? null : n.isArray() ? n : n.get("data");
        if (data == null || !data.isArray()) {
            throw new UpstreamUnavailableException("DVCLT list answer has no data[] array");
        }
        List<String> ids = new ArrayList<>();
        List<String> anomalies = new ArrayList<>();
        for (JsonNode item : data) {
            String id = item.path("id").isValueNode() ? item.get("id").asText("").trim() : "";
            if (id.isEmpty() || id.length() > 100) {
                anomalies.add(Anomalies.of(item.path("maHoSo").asText(null), "DVCLT_LIST_ITEM_WITHOUT_ID",
                        "DVCLT listed a dossier without a usable id: it cannot be fetched", clock));
                continue;
            }
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return new Listing(ids, anomalies);
    }

    /**
     * Reads one detail. The same content already enqueued (listed twice) is not enqueued again, only
     * acknowledged again; new content under a known id (a supplemented version) is enqueued.
     */
    public Taken take(String id, Integer httpStatus, String body) {
        int code = httpStatus == null ? 0 : httpStatus;
        if (code < 200 || code >= 300) {
            throw new UpstreamUnavailableException("DVCLT detail of id " + id + " answered HTTP " + code);
        }
        JsonNode n = read(body);
        JsonNode d = n != null && n.has("data") && n.get("data").isObject() && n.get("data").has("maHoSo") ? n.get("data") : n;
        if (d == null || !d.isObject()) {
            throw new UpstreamUnavailableException("DVCLT detail of id " + id + " is not a JSON object");
        }
        String maHoSo = d.path("maHoSo").isTextual() ? d.get("maHoSo").asText() : null;
        String sha = FileStore.sha256(d.toString().getBytes(StandardCharsets.UTF_8));
        DvcltIntakeLog.Entry entry = log.listed(id, maHoSo == null ? null : clip(maHoSo));
        boolean taken = sha.equals(entry.contentSha())
                && (DvcltIntakeLog.ENQUEUED.equals(entry.state()) || DvcltIntakeLog.ACKED.equals(entry.state()));
        if (taken) {
            if (CivilIntake.ledgerKey(maHoSo) != null) {
                ledger.event(maHoSo, "dvclt-pull", "DUPLICATE", "listed again by DVCLT (id " + id + "); already taken");
            }
            return new Taken(id, maHoSo, sha, null);
        }
        return new Taken(id, maHoSo, sha, inbound(id, (ObjectNode) d));
    }

    /** The dossier is durably on civil.dossier.inbound. */
    public void enqueued(Taken t) {
        log.enqueued(t.dvcltId(), t.maHoSo() == null ? null : clip(t.maHoSo()), t.contentSha());
        if (CivilIntake.ledgerKey(t.maHoSo()) != null) {
            ledger.event(t.maHoSo(), "dvclt-pull", "ENQUEUED", "taken from DVCLT (id " + t.dvcltId() + ")");
        }
    }

    public String ackBody(Taken t) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("maHoSo", t.maHoSo());
        b.put("daNhan", true);
        return write(b);
    }

    public void acked(Taken t, Integer httpStatus, String body) {
        int code = httpStatus == null ? 0 : httpStatus;
        if (code < 200 || code >= 300) {
            // the next pull lists it again, finds it taken and acknowledges again
            throw new UpstreamUnavailableException("DVCLT acknowledgement of " + t.maHoSo() + " answered HTTP " + code);
        }
        log.acked(t.dvcltId());
        if (CivilIntake.ledgerKey(t.maHoSo()) != null) {
            ledger.event(t.maHoSo(), "dvclt-pull", "ACKNOWLEDGED", "DVCLT told the dossier was received (daNhan)");
        }
    }

    /** The inbound message: DVCLT's dossier as is ({@code data} stays the XML string), plus where it came from. */
    private String inbound(String id, ObjectNode d) {
        ObjectNode m = d.deepCopy();
        m.put("dvcltId", id);
        return write(m);
    }

    private JsonNode read(String body) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64);
    }
}
