package vn.lienthong.gateway.health;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.lienthong.gateway.ledger.Ledger;

/**
 * Seed 004 step 3: a citizen files a birth with just the mother's ID number; the certificate data comes from
 * the store. Runs in the civil flow before validation: a birth dossier (KS/LTKS) whose {@code data} lacks
 * {@code maGCS}/{@code ngayCapGCS} gets them from the one unused certificate found by {@code meSoGiayToTuyThan}.
 * It also records which evidence a birth or death dossier refers to, so the evidence is marked used once PMHT
 * has the dossier ({@link EvidenceUsage}).
 * <p>
 * Never throws and never blocks a dossier: anything it cannot use (not JSON, other modules, no certificate,
 * several candidates, database trouble) returns the input unchanged, and the civil checks decide.
 */
public class BirthDossierEnricher {

    private static final Logger LOG = LoggerFactory.getLogger(BirthDossierEnricher.class);
    private static final Set<String> BIRTH_MODULES = Set.of("KS", "LTKS");
    private static final Set<String> DEATH_MODULES = Set.of("KT", "LTKT");
    private static final Pattern DOSSIER_CODE = Pattern.compile("[A-Za-z0-9._-]{1,50}");
    /** Dates inside the dossier's data (DOMAIN.md F2). */
    static final DateTimeFormatter DOSSIER_DATE = DateTimeFormatter.ofPattern("dd.MM.uuuu");
    static final int MAX_INPUT_CHARS = 64 * 1024 * 1024;

    private final EvidenceLookup lookup;
    private final EvidenceStore store;
    private final Ledger ledger;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    public BirthDossierEnricher(EvidenceLookup lookup, EvidenceStore store, Ledger ledger) {
        this.lookup = lookup;
        this.store = store;
        this.ledger = ledger;
    }

    /** The dossier JSON, enriched when it is a birth without certificate data and the store has the certificate. */
    public String enrich(String dossierJson) {
        if (dossierJson == null || dossierJson.isBlank() || dossierJson.length() > MAX_INPUT_CHARS) {
            return dossierJson;
        }
        try {
            JsonNode root = json.readTree(dossierJson);
            if (root == null || !root.isObject()) {
                return dossierJson;
            }
            String module = root.path("module").asText("").trim();
            String maHoSo = root.path("maHoSo").isTextual() ? root.get("maHoSo").asText().trim() : null;
            JsonNode data = root.get("data");
            if (data == null) {
                return dossierJson;
            }
            Fields fields = data.isObject() ? new JsonFields((ObjectNode) data)
                    : data.isTextual() ? new XmlFields(data.asText()) : null;
            if (fields == null) {
                return dossierJson;
            }
            if (DEATH_MODULES.contains(module)) {
                linkDeath(maHoSo, fields);
                return dossierJson;
            }
            if (!BIRTH_MODULES.contains(module)) {
                return dossierJson;
            }
            if (!enrichBirth(maHoSo, fields)) {
                return dossierJson;
            }
            ObjectNode out = (ObjectNode) root;
            if (fields instanceof XmlFields xml) {
                out.put("data", xml.text());
            }
            return json.writeValueAsString(out);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // not JSON: the civil checks reject it with the reason
            return dossierJson;
        } catch (RuntimeException e) {
            // e.g. the evidence database is down: the dossier goes on without enrichment, never stops here
            LOG.warn("Birth dossier enrichment skipped: {}", e.getClass().getSimpleName());
            return dossierJson;
        }
    }

    /** True when the fields were changed. */
    private boolean enrichBirth(String maHoSo, Fields data) {
        String maGCS = data.get("maGCS");
        String ngayCapGCS = data.get("ngayCapGCS");
        if (maGCS != null && ngayCapGCS != null) {
            link(maHoSo, "GCS", maGCS);
            return false;
        }
        Optional<EvidenceStore.Stored> cert;
        String how;
        if (maGCS != null) {
            cert = lookup.birthCertificate(maGCS);
            how = "its number";
        } else {
            String motherId = firstNonNull(data.get("meSoGiayToTuyThan"), data.get("meSoDDCN"));
            if (!EvidenceLookup.isIdNumber(motherId)) {
                return false;
            }
            LocalDate born = Optional.ofNullable(data.get("nksNgaySinh")).map(EvidenceRules::parseDate).orElse(null);
            cert = lookup.unusedBirthCertificateFor(motherId, born, data.get("nksGioiTinh"));
            how = "the mother's ID number";
        }
        if (cert.isEmpty()) {
            if (maGCS != null) {
                link(maHoSo, "GCS", maGCS);
            }
            return false;
        }
        Map<String, String> c = cert.get().fields();
        boolean changed = false;
        if (maGCS == null) {
            data.put("maGCS", c.get("maGCS"));
            changed = true;
        }
        if (ngayCapGCS == null && c.get("ngayCapGCS") != null) {
            data.put("ngayCapGCS", LocalDate.parse(c.get("ngayCapGCS")).format(DOSSIER_DATE));
            changed = true;
        }
        link(maHoSo, "GCS", c.get("maGCS"));
        if (changed && isDossierCode(maHoSo)) {
            ledger.event(maHoSo, "health", "ENRICHED",
                    "certificate data taken from birth certificate " + c.get("maGCS") + " (found by " + how + ")");
        }
        return changed;
    }

    private void linkDeath(String maHoSo, Fields data) {
        String maGBT = firstNonNull(data.get("maGBT"), data.get("gbtSo"));
        if (maGBT != null && EvidenceLookup.isNumber(maGBT)) {
            link(maHoSo, "GBT", maGBT.trim());
        }
        String deceasedId = data.get("nktSoGiayToTuyThan");
        if (EvidenceLookup.isIdNumber(deceasedId)) {
            link(maHoSo, "NKT_ID", deceasedId.trim());
        }
    }

    private void link(String maHoSo, String kind, String ref) {
        if (isDossierCode(maHoSo) && ref != null && EvidenceLookup.isNumber(ref)) {
            store.link(maHoSo, kind, ref.trim());
        }
    }

    private static boolean isDossierCode(String maHoSo) {
        return maHoSo != null && DOSSIER_CODE.matcher(maHoSo).matches();
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    /** Fields of the dossier's data, whether a JSON object or DVCLT XML text. */
    private interface Fields {
        /** Trimmed text, null when absent or blank. */
        String get(String name);

        void put(String name, String value);
    }

    private record JsonFields(ObjectNode data) implements Fields {
        @Override
        public String get(String name) {
            JsonNode v = data.get(name);
            if (v == null || v.isNull() || !v.isValueNode()) {
                return null;
            }
            String t = v.asText().trim();
            return t.isEmpty() ? null : t;
        }

        @Override
        public void put(String name, String value) {
            data.put(name, value);
        }
    }

    /**
     * Flat {@code <hoTich>} XML as DVCLT sends it: simple elements read and written by pattern. Values written are
     * certificate numbers and dates (no markup characters), so no escaping issue arises.
     */
    private static final class XmlFields implements Fields {
        private static final Pattern ROOT = Pattern.compile("<hoTich(\\s[^>]*)?>");
        private String xml;

        XmlFields(String xml) {
            this.xml = xml;
        }

        String text() {
            return xml;
        }

        @Override
        public String get(String name) {
            Matcher m = Pattern.compile("<" + name + ">\\s*([^<]*?)\\s*</" + name + ">").matcher(xml);
            if (!m.find()) {
                return null;
            }
            String v = m.group(1).trim();
            return v.isEmpty() ? null : v;
        }

        @Override
        public void put(String name, String value) {
            if (!EvidenceLookup.isNumber(value) && !value.matches("[0-9.]+")) {
                throw new IllegalArgumentException("unexpected characters for XML");
            }
            String element = "<" + name + ">" + value + "</" + name + ">";
            Matcher empty = Pattern.compile("<" + name + "\\s*/>|<" + name + ">\\s*</" + name + ">").matcher(xml);
            if (empty.find()) {
                xml = xml.substring(0, empty.start()) + element + xml.substring(empty.end());
                return;
            }
            Matcher root = ROOT.matcher(xml);
            if (!root.find()) {
                throw new IllegalArgumentException("no <hoTich> element");
            }
            xml = xml.substring(0, root.end()) + element + xml.substring(root.end());
        }
    }
}
