package vn.lienthong.gateway.health;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.lienthong.gateway.platform.UpstreamUnavailableException;

/**
 * Seed 004 solution 4.1: every day after 18:00 the deaths recorded in DHIS2 (death book A6) that are not yet
 * registered come to the registry. One page of tracker events per queue message
 * ({@code GET /api/tracker/events?program&programStage&updatedAfter=<cursor>&order=updatedAt:asc&page}), so a
 * failure retries that page only; the cursor (newest updatedAt seen) is saved when the last page is done.
 * Events already marked registered are not stored again, but the weekly A6 review's cause of death of a death
 * registered here is taken in (seed 004 2.4.2 steps 3-4); the rest go through the same checks as a hospital's notice.
 */
public class Dhis2Pull {

    public static final String CURSOR = "dhis2.deaths";
    public static final String SOURCE = "DHIS2";
    /** DHIS2 keeps no notice number for these deaths: the event id stands in for it. */
    public static final String NUMBER_PREFIX = "DHIS2-";

    private final EvidenceIntake intake;
    private final EvidenceStore store;
    private final Dhis2Client dhis2;
    private final Dhis2Settings settings;
    private final String initialCursor;
    private final ObjectMapper json = new ObjectMapper();
    /** Registered deaths meeting DHIS2 events (A6 review, a late event); null: pull only (tools). */
    private final EvidenceUsage usage;

    public Dhis2Pull(EvidenceIntake intake, EvidenceStore store, Dhis2Client dhis2, Dhis2Settings settings,
                     String initialCursor) {
        this(intake, store, dhis2, settings, initialCursor, null);
    }

    public Dhis2Pull(EvidenceIntake intake, EvidenceStore store, Dhis2Client dhis2, Dhis2Settings settings,
                     String initialCursor, EvidenceUsage usage) {
        this.intake = intake;
        this.store = store;
        this.dhis2 = dhis2;
        this.settings = settings;
        this.initialCursor = initialCursor;
        this.usage = usage;
    }

    /** One page to fetch: {@code cursor} is the run's updatedAfter, {@code maxSeen} the newest updatedAt so far. */
    public record PageRequest(int page, String cursor, String maxSeen, int stored, int updated, int rejected, int skipped) {
    }

    /** What one page did; {@code next} is the next page's request (JSON) or null after the last page. */
    public record PageOutcome(List<String> invalidEntries, String next, String summary) {
    }

    /** The first page of a run, starting at the persisted cursor. */
    public String start() {
        return write(toMap(new PageRequest(1, store.cursor(CURSOR).orElse(initialCursor), null, 0, 0, 0, 0)));
    }

    public PageRequest request(String message) {
        try {
            JsonNode n = json.readTree(message == null || message.isBlank() ? "{}" : message);
            String cursor = n.hasNonNull("cursor") ? n.get("cursor").asText() : store.cursor(CURSOR).orElse(initialCursor);
            return new PageRequest(Math.max(1, n.path("page").asInt(1)), cursor,
                    n.hasNonNull("maxSeen") ? n.get("maxSeen").asText() : null, n.path("stored").asInt(0),
                    n.path("updated").asInt(0), n.path("rejected").asInt(0), n.path("skipped").asInt(0));
        } catch (Exception e) {
            // an operator's hand-written trigger: start a normal run
            return new PageRequest(1, store.cursor(CURSOR).orElse(initialCursor), null, 0, 0, 0, 0);
        }
    }

    /** The query string of the events call. */
    public String query(PageRequest r) {
        return "program=" + enc(settings.program()) + "&programStage=" + enc(settings.programStage())
                + "&updatedAfter=" + enc(r.cursor()) + "&order=" + enc("updatedAt:asc")
                + "&page=" + r.page() + "&pageSize=" + settings.pageSize() + "&totalPages=false";
    }

    /**
     * One page of the run in {@code message} (a {@link #start()} or a previous page's {@code next}): fetched from
     * DHIS2 (unavailable or refused: throws, the page is retried) and taken in ({@link #acceptPage}).
     */
    public PageOutcome pullPage(String message) {
        PageRequest r = request(message);
        return acceptPage(r, dhis2.events(query(r)));
    }

    public PageOutcome acceptPage(PageRequest r, String body) {
        JsonNode root;
        try {
            root = json.readTree(body == null ? "" : body);
        } catch (Exception e) {
            throw new UpstreamUnavailableException("DHIS2 answered with a body that is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new UpstreamUnavailableException("DHIS2 answered with a body that is not its JSON answer");
        }
        // 2.41+: {"pager":..,"events":[..]}; 2.36-2.40: {"page":..,"instances":[..]}
        JsonNode events = root.has("events") ? root.get("events") : root.path("instances");
        if (!events.isArray()) {
            throw new UpstreamUnavailableException("DHIS2 answer has no events list");
        }
        int stored = r.stored();
        int updated = r.updated();
        int rejected = r.rejected();
        int skipped = r.skipped();
        String maxSeen = r.maxSeen();
        List<String> invalid = new ArrayList<>();
        for (JsonNode event : events) {
            String updatedAt = event.path("updatedAt").asText(event.path("lastUpdated").asText(""));
            if (!updatedAt.isEmpty() && (maxSeen == null || later(updatedAt, maxSeen))) {
                maxSeen = updatedAt;
            }
            // updatedAfter includes its bound: what the last run already saw comes back
            if (!updatedAt.isEmpty() && !later(updatedAt, r.cursor()) || event.path("deleted").asBoolean(false)) {
                skipped++;
                continue;
            }
            if (isRegistered(event)) {
                // seed 004 2.4.2 steps 3-4: the weekly A6 review sends the cause of death of a registered death back
                if (reviewCause(event)) {
                    updated++;
                } else {
                    skipped++;
                }
                continue;
            }
            Map<String, Object> record = toRecord(event);
            EvidenceStore.Dhis2Origin origin = new EvidenceStore.Dhis2Origin(event.path("event").asText(), meta(event));
            EvidenceIntake.Answer a = intake.receive(EvidenceKind.DEATH, record, SOURCE, origin);
            if (a.accepted()) {
                if (usage != null) {
                    // a death registered before its A6 event existed is shared back now
                    usage.dhis2DeathArrived(NUMBER_PREFIX + event.path("event").asText(),
                            (String) record.get("nktSoGiayToTuyThan"));
                }
                if ("stored".equals(a.action())) {
                    stored++;
                } else {
                    updated++;
                }
            } else if (a.usedBy() != null) {
                skipped++; // already registered here; DHIS2 just has not heard yet
            } else {
                rejected++;
                invalid.add(intake.invalidEntry(a, SOURCE, "dhis2:" + event.path("event").asText(), event.toString()));
            }
        }
        boolean more = events.size() >= settings.pageSize() && r.page() < settings.maxPages();
        if (more) {
            PageRequest next = new PageRequest(r.page() + 1, r.cursor(), maxSeen, stored, updated, rejected, skipped);
            return new PageOutcome(invalid, write(toMap(next)), "page " + r.page() + " done, more to fetch");
        }
        if (maxSeen != null) {
            store.advanceCursor(CURSOR, maxSeen);
        }
        return new PageOutcome(invalid, null, "DHIS2 pull done after " + r.page() + " page(s): " + stored + " stored, "
                + updated + " updated, " + rejected + " rejected, " + skipped + " skipped; cursor "
                + (maxSeen == null ? r.cursor() : maxSeen));
    }

    /** True when the event is a death registered here and its reviewed cause of death was taken in. */
    private boolean reviewCause(JsonNode event) {
        String uid = event.path("event").asText("");
        String cause = value(event, Dhis2Settings.CAUSE);
        return usage != null && !uid.isEmpty() && cause != null && usage.causeReviewed(NUMBER_PREFIX + uid, cause);
    }

    private boolean isRegistered(JsonNode event) {
        String v = dataValue(event, settings.element(Dhis2Settings.REGISTERED));
        return v != null && (v.equalsIgnoreCase("true") || v.equals("1"));
    }

    Map<String, Object> toRecord(JsonNode event) {
        Map<String, Object> r = new HashMap<>();
        String uid = event.path("event").asText("");
        r.put("maGBT", uid.isEmpty() ? null : NUMBER_PREFIX + uid);
        String created = event.path("createdAt").asText(event.path("created").asText(""));
        String occurred = event.path("occurredAt").asText(event.path("eventDate").asText(""));
        r.put("ngayCapGBT", created.isEmpty() ? occurred : created);
        r.put("maCoSoKCB", event.path("orgUnit").asText(null));
        r.put("tenCoSoKCB", event.path("orgUnitName").asText(null));
        r.put("nktHoTen", value(event, Dhis2Settings.NAME));
        r.put("nktGioiTinh", value(event, Dhis2Settings.SEX));
        r.put("nktNgaySinh", value(event, Dhis2Settings.BIRTH_DATE));
        r.put("nktSoGiayToTuyThan", value(event, Dhis2Settings.ID_NUMBER));
        r.put("nktNoiCuTru", value(event, Dhis2Settings.RESIDENCE));
        String deathDate = value(event, Dhis2Settings.DEATH_DATE);
        r.put("nktNgayChet", deathDate != null ? deathDate : occurred.isEmpty() ? null : occurred);
        r.put("nktGioPhutChet", value(event, Dhis2Settings.DEATH_TIME));
        r.put("nktNoiChet", value(event, Dhis2Settings.DEATH_PLACE));
        r.put("nktNguyenNhanChet", value(event, Dhis2Settings.CAUSE));
        return r;
    }

    private String value(JsonNode event, String role) {
        return dataValue(event, settings.element(role));
    }

    private static String dataValue(JsonNode event, String dataElement) {
        if (dataElement == null) {
            return null;
        }
        for (JsonNode dv : event.path("dataValues")) {
            if (dataElement.equals(dv.path("dataElement").asText())) {
                String v = dv.path("value").asText("");
                return v.isBlank() ? null : v;
            }
        }
        return null;
    }

    /** What the share-back needs to update the same event. */
    private String meta(JsonNode event) {
        ObjectNode m = json.createObjectNode();
        for (String f : List.of("event", "program", "programStage", "orgUnit", "occurredAt", "status", "enrollment",
                "trackedEntity")) {
            if (event.hasNonNull(f)) {
                m.put(f, event.get(f).asText());
            }
        }
        return m.toString();
    }

    /** a > b for DHIS2 timestamps (ISO local date-times, milliseconds optional). */
    static boolean later(String a, String b) {
        if (b == null || b.isEmpty()) {
            return true;
        }
        try {
            return LocalDateTime.parse(trimZone(a)).isAfter(LocalDateTime.parse(trimZone(b)));
        } catch (DateTimeParseException e) {
            return a.compareTo(b) > 0;
        }
    }

    private static String trimZone(String s) {
        String t = s.endsWith("Z") ? s.substring(0, s.length() - 1) : s;
        return t.length() == 10 ? t + "T00:00" : t;
    }

    private Map<String, Object> toMap(PageRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("page", r.page());
        m.put("cursor", r.cursor());
        m.put("maxSeen", r.maxSeen());
        m.put("stored", r.stored());
        m.put("updated", r.updated());
        m.put("rejected", r.rejected());
        m.put("skipped", r.skipped());
        return m;
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
