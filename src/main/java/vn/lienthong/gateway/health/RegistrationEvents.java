package vn.lienthong.gateway.health;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The health side of the civil registration events (at once, or from the queue {@code civil.registration.events}):
 * what the civil lifecycle learnt of a dossier, as
 * {@code {maHoSo, event, module, soDangKy?, ngayDangKy?}} with event SENT | REGISTERED | REFUSED | REJECTED |
 * WITHDRAWN. No personal data travels: the deceased's ID number needed to match DHIS2 deaths is the dossier's
 * evidence link, which health recorded itself at intake ({@link BirthDossierEnricher}).
 * A message that cannot be applied is an answer ({@link Outcome#invalidEntry}) for health.invalid, never retried.
 */
public class RegistrationEvents {

    public static final String SENT = "SENT";
    public static final String REGISTERED = "REGISTERED";
    public static final String REFUSED = "REFUSED";
    public static final String REJECTED = "REJECTED";
    public static final String WITHDRAWN = "WITHDRAWN";
    static final Set<String> EVENTS = Set.of(SENT, REGISTERED, REFUSED, REJECTED, WITHDRAWN);
    static final Set<String> DEATH_MODULES = Set.of("KT", "LTKT");
    private static final Pattern DOSSIER_CODE = Pattern.compile("[A-Za-z0-9._-]{1,50}");
    private static final Pattern SHORT_TEXT = Pattern.compile("[\\p{L}\\p{N} ./_-]{1,32}");

    /** {@code invalidEntry} (with {@code reason}) when the message was refused, else {@code summary} of what it did. */
    public record Outcome(String summary, String invalidEntry, String reason) {
    }

    private final EvidenceUsage usage;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public RegistrationEvents(EvidenceUsage usage, Clock clock) {
        this.usage = usage;
        this.clock = clock;
    }

    public Outcome apply(String body, String messageId) {
        JsonNode m;
        try {
            m = json.readTree(body == null ? "" : body);
        } catch (Exception e) {
            m = null;
        }
        List<String> problems = new ArrayList<>();
        if (m == null || !m.isObject()) {
            problems.add("$: must be a JSON object");
        } else {
            String maHoSo = text(m, "maHoSo");
            if (maHoSo == null || !DOSSIER_CODE.matcher(maHoSo).matches()) {
                problems.add("maHoSo: is required: letters, digits, '.', '-', '_', up to 50 characters");
            }
            String event = text(m, "event");
            if (event == null || !EVENTS.contains(event)) {
                problems.add("event: must be one of SENT, REGISTERED, REFUSED, REJECTED, WITHDRAWN");
            }
            for (String f : List.of("module", "soDangKy", "ngayDangKy")) {
                String v = text(m, f);
                if (m.hasNonNull(f) && (v == null || !SHORT_TEXT.matcher(v).matches())) {
                    problems.add(f + ": must be a short text (letters, digits, . / _ -)");
                }
            }
            if (problems.isEmpty()) {
                String module = text(m, "module");
                List<String> done = switch (event) {
                    case SENT -> usage.reserve(maHoSo);
                    case REGISTERED -> usage.registered(maHoSo, module, text(m, "soDangKy"), text(m, "ngayDangKy"));
                    default -> usage.release(maHoSo, module, event);
                };
                return new Outcome("registration event " + event + " of " + maHoSo + ": evidence " + done, null, null);
            }
        }
        String reason = "registration event refused: " + String.join("; ", problems);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("trackingId", messageId);
        entry.put("receivedAt", clock.instant().toString());
        entry.put("source", "CIVIL-EVENTS");
        entry.put("status", "rejected");
        entry.put("reason", reason);
        entry.put("problems", problems);
        entry.put("original", body);
        try {
            return new Outcome(reason, json.writeValueAsString(entry), reason);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode m, String f) {
        JsonNode v = m.get(f);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText().trim() : null;
    }
}
