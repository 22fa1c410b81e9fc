package vn.lienthong.gateway.civil;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.lienthong.gateway.ledger.Ledger;

/**
 * What the civil lifecycle tells other flows about a dossier's registration (read by the health flow for the
 * evidence and the DHIS2 share-back: at once, else from the queue civil.registration.events, CivilSteps):
 * {@code {maHoSo, event, module, soDangKy?, ngayDangKy?}}, event SENT (PMHT has it) | REGISTERED (PMHT 4 with its
 * result) | REFUSED (PMHT 6) | REJECTED (the officer) | WITHDRAWN. Only the registration number and date are taken
 * from the result: no personal data. Publishing never fails the civil step (the sink logs a failed send): the
 * health flow's reconciliation (against the ledger's states) catches up an event that could not be sent.
 */
public class RegistrationEventPublisher {

    /** Where the events go (their reader at once, else a durable queue); must not throw: a failed send is logged. */
    @FunctionalInterface
    public interface Sink {
        void publish(String maHoSo, String event, String eventJson);
    }

    public static final RegistrationEventPublisher NONE = new RegistrationEventPublisher(null, (d, e, j) -> { });

    private final Ledger ledger;
    private final Sink sink;
    private final ObjectMapper json = new ObjectMapper();

    public RegistrationEventPublisher(Ledger ledger, Sink sink) {
        this.ledger = ledger;
        this.sink = sink;
    }

    /** {@code module}: the module just pushed (null: read from the ledger). */
    public void sent(String maHoSo, String module) {
        publish(maHoSo, "SENT", null, module);
    }

    /** {@code facts}: the result's fields besides the certificate (ResultCertificates.Stored.Ok#facts). */
    public void registered(String maHoSo, Map<String, Object> facts) {
        publish(maHoSo, "REGISTERED", facts, null);
    }

    public void refused(String maHoSo) {
        publish(maHoSo, "REFUSED", null, null);
    }

    public void rejected(String maHoSo) {
        publish(maHoSo, "REJECTED", null, null);
    }

    public void withdrawn(String maHoSo) {
        publish(maHoSo, "WITHDRAWN", null, null);
    }

    private void publish(String maHoSo, String event, Map<String, Object> facts, String module) {
        if (maHoSo == null || ledger == null) {
            return;
        }
        sink.publish(maHoSo, event, body(maHoSo, event, facts, module));
    }

    private String body(String maHoSo, String event, Map<String, Object> facts, String module) {
        ObjectNode m = json.createObjectNode();
        m.put("maHoSo", maHoSo);
        m.put("event", event);
        String known = module != null ? module : moduleOf(maHoSo);
        if (known != null) {
            m.put("module", known);
        }
        if (facts != null) {
            for (String f : new String[] {"soDangKy", "ngayDangKy"}) {
                Object v = facts.get(f);
                if (v != null && !v.toString().isBlank()) {
                    m.put(f, v.toString().trim());
                }
            }
        }
        return m.toString();
    }

    private String moduleOf(String maHoSo) {
        try {
            return ledger.findWithoutTrail(maHoSo).map(v -> v.modulePushed() != null ? v.modulePushed() : v.moduleIn())
                    .orElse(null);
        } catch (RuntimeException e) {
            return null; // the module only helps the reader (death or birth); the event goes without it
        }
    }
}
