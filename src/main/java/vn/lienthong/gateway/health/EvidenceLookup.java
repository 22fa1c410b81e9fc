package vn.lienthong.gateway.health;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Seed 004 step 3/4: the civil registry looks the evidence up instead of asking for a scan. By the mother's ID
 * number (birth) or the notice number (death), or the deceased's ID number. Plain Java for the civil flow;
 * the {@code *Json} methods answer the HTTP lookups (null = not found, 404).
 */
public class EvidenceLookup {

    private static final Pattern ID_NUMBER = Pattern.compile("[0-9]{9}|[0-9]{12}");
    private static final Pattern NUMBER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,49}");

    private final EvidenceStore store;
    private final ObjectMapper json = new ObjectMapper();

    public EvidenceLookup(EvidenceStore store) {
        this.store = store;
    }

    public List<EvidenceStore.Stored> birthCertificatesOfMother(String motherId) {
        return isIdNumber(motherId) ? store.birthsByMother(motherId.trim()) : List.of();
    }

    public Optional<EvidenceStore.Stored> birthCertificate(String maGCS) {
        return isNumber(maGCS) ? store.find(EvidenceKind.BIRTH, maGCS.trim()) : Optional.empty();
    }

    public Optional<EvidenceStore.Stored> deathNotice(String maGBT) {
        return isNumber(maGBT) ? store.find(EvidenceKind.DEATH, maGBT.trim()) : Optional.empty();
    }

    public List<EvidenceStore.Stored> deathNoticesOfDeceased(String idNumber) {
        return isIdNumber(idNumber) ? store.deathsByDeceased(idNumber.trim()) : List.of();
    }

    /**
     * The one unused certificate of this mother that fits the dossier: when she has several (twins, earlier
     * children), the child's date of birth and sex narrow them down; still several -> empty (no guessing).
     */
    public Optional<EvidenceStore.Stored> unusedBirthCertificateFor(String motherId, LocalDate childBirthDate, String childSex) {
        List<EvidenceStore.Stored> unused = birthCertificatesOfMother(motherId).stream().filter(s -> !s.used()).toList();
        if (unused.size() > 1 && childBirthDate != null) {
            unused = unused.stream().filter(s -> childBirthDate.toString().equals(s.fields().get("nksNgaySinh"))).toList();
        }
        if (unused.size() > 1 && childSex != null) {
            String sex = EvidenceRules.gender(childSex);
            unused = unused.stream().filter(s -> sex != null && sex.equals(s.fields().get("nksGioiTinh"))).toList();
        }
        return unused.size() == 1 ? Optional.of(unused.get(0)) : Optional.empty();
    }

    public static boolean isIdNumber(String s) {
        return s != null && ID_NUMBER.matcher(s.trim()).matches();
    }

    public static boolean isNumber(String s) {
        return s != null && NUMBER.matcher(s.trim()).matches();
    }

    // ---- HTTP answers ----

    /** {"certificates":[...]} or null when the mother has none. */
    public String birthsOfMotherJson(String motherId) {
        List<EvidenceStore.Stored> found = birthCertificatesOfMother(motherId);
        return found.isEmpty() ? null : write(Map.of("certificates", found.stream().map(EvidenceLookup::view).toList()));
    }

    public String birthJson(String maGCS) {
        return birthCertificate(maGCS).map(s -> write(view(s))).orElse(null);
    }

    public String deathJson(String maGBT) {
        return deathNotice(maGBT).map(s -> write(view(s))).orElse(null);
    }

    /** {"notices":[...]} or null. */
    public String deathsOfDeceasedJson(String idNumber) {
        List<EvidenceStore.Stored> found = deathNoticesOfDeceased(idNumber);
        return found.isEmpty() ? null : write(Map.of("notices", found.stream().map(EvidenceLookup::view).toList()));
    }

    /** Why a lookup parameter cannot be used (HTTP 400), or null when it can. */
    public String lookupProblem(String kind, String value) {
        return switch (kind) {
            case "motherId", "deceasedId" -> isIdNumber(value) ? null
                    : kind + ": must be 12 digits (personal ID number) or 9 digits (old ID card)";
            default -> isNumber(value) ? null : kind + ": must be a certificate number (letters, digits, . _ / -)";
        };
    }

    /** The 400 answer for an unusable lookup parameter, or null when it is usable. */
    public String badRequest(String param, String value) {
        String problem = lookupProblem(param, value);
        return problem == null ? null : write(Map.of("error", problem));
    }

    static Map<String, Object> view(EvidenceStore.Stored s) {
        Map<String, Object> m = new LinkedHashMap<>(s.fields());
        m.put("source", s.source());
        m.put("used", s.used());
        m.put("usedBy", s.usedBy());
        m.put("usedAt", s.usedAt() == null ? null : s.usedAt().toString());
        m.put("reserved", s.reserved());
        m.put("reservedBy", s.reserved() ? s.reservedBy() : null);
        m.put("revision", s.revision());
        m.put("receivedAt", s.createdAt().toString());
        m.put("updatedAt", s.updatedAt().toString());
        return m;
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
