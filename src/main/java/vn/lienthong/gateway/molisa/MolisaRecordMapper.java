package vn.lienthong.gateway.molisa;

import java.net.URI;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import vn.lienthong.gateway.catalog.AdminUnitCatalog;
import vn.lienthong.gateway.catalog.Era;
import vn.lienthong.gateway.catalog.Ward;
import vn.lienthong.gateway.civil.Problem;
import vn.lienthong.gateway.molisa.MolisaCatalogs.Ethnicity;
import vn.lienthong.gateway.molisa.MolisaFieldSpec.Field;
import vn.lienthong.gateway.molisa.MolisaFieldSpec.Format;
import vn.lienthong.gateway.molisa.MolisaFieldSpec.Table;

/**
 * Turns a one-stop-shop record (MOLISA field names, sloppy values) into the exact object MOLISA expects, or the
 * list of problems that reject it. Nothing is truncated or guessed: a value that does not fit is a problem.
 * Stateless and thread-safe; meant to be called from a route as a bean with a {@code Map} body.
 */
public final class MolisaRecordMapper {

    /** How a bare number in {@code DanTocId} is read. GSO codes 29..54 overlap MOLISA ids, so it is never guessed. */
    public enum EthnicityNumbers {
        MOLISA_ID, GSO_CODE;

        /** From a setting such as MOLISA_ETHNICITY_INPUT: "gso" or "molisa" (default when blank). */
        public static EthnicityNumbers fromSetting(String value) {
            if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("molisa")) {
                return MOLISA_ID;
            }
            if (value.trim().equalsIgnoreCase("gso")) {
                return GSO_CODE;
            }
            throw new IllegalArgumentException("MOLISA_ETHNICITY_INPUT must be 'molisa' or 'gso'");
        }
    }

    /**
     * MaHuyen of a record submitted on or after 2025-07-01, when districts no longer exist: {@code EMPTY} sends it
     * empty; {@code DERIVE} sends the ward's pre-reform district when every old ward it was made of lay in one
     * district (empty otherwise).
     */
    public enum DistrictAfterReform {
        EMPTY, DERIVE;

        /** From MOLISA_DISTRICT_AFTER_REFORM: "derive" (default when blank) or "empty". */
        public static DistrictAfterReform fromSetting(String value) {
            if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("derive")) {
                return DERIVE;
            }
            if (value.trim().equalsIgnoreCase("empty")) {
                return EMPTY;
            }
            throw new IllegalArgumentException("MOLISA_DISTRICT_AFTER_REFORM must be 'derive' or 'empty'");
        }
    }

    // Extra input spellings that carry the ethnicity unambiguously.
    private static final List<String> ETHNICITY_GSO_KEYS = List.of("DanToc_MaGSO", "MaDanToc");
    private static final List<String> ETHNICITY_NAME_KEYS = List.of("DanToc", "TenDanToc");

    private final MolisaCatalogs catalogs;
    private final EthnicityNumbers ethnicityNumbers;
    private final AdminUnitCatalog units;
    private final DistrictAfterReform districtAfterReform;

    public MolisaRecordMapper(MolisaCatalogs catalogs) {
        this(catalogs, EthnicityNumbers.MOLISA_ID);
    }

    public MolisaRecordMapper(MolisaCatalogs catalogs, EthnicityNumbers ethnicityNumbers) {
        this(catalogs, ethnicityNumbers, DistrictAfterReform.DERIVE);
    }

    public MolisaRecordMapper(MolisaCatalogs catalogs, EthnicityNumbers ethnicityNumbers,
                              DistrictAfterReform districtAfterReform) {
        this.catalogs = catalogs;
        this.ethnicityNumbers = ethnicityNumbers;
        this.units = AdminUnitCatalog.loadDefault();
        this.districtAfterReform = districtAfterReform;
    }

    /** A new dossier for DongBoDVC. Procedures other than the 11 give {@link MappingResult.NotSocialAssistance}. */
    public MappingResult mapDossier(Map<String, Object> input) {
        Input in = new Input(input);
        String maHoSo = in.text("MaHoSo");
        String maTthc = in.text("MaTTHC");
        Optional<MolisaCatalogs.Procedure> procedure = catalogs.socialAssistanceProcedure(maTthc);
        if (maTthc != null && procedure.isEmpty()) {
            return notSocialAssistance(maHoSo, maTthc);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, String> warnings = new LinkedHashMap<>();
        for (Field field : Table.DONG_BO_DVC.fields()) {
            switch (field.name()) {
                case "MaTTHC" -> procedure.ifPresent(p -> out.put("MaTTHC", p.code()));
                case "TenTTHC" -> {
                    String name = in.value(field, problems) == null ? null : in.text(field, problems);
                    // The national name is known from the code; the input's own wording wins when given.
                    if (name == null && procedure.isPresent()) {
                        name = procedure.get().name();
                    }
                    putIfPresent(out, field, name);
                }
                case "DanTocId" -> ethnicity(in, problems).ifPresent(e -> out.put("DanTocId", String.valueOf(e.molisaId())));
                default -> convert(field, in, out, problems, warnings);
            }
        }
        MolisaFieldSpec.submittedDay(out).ifPresent(day -> {
            for (String prefix : List.of("", "HKTT_", "NOHT_")) {
                checkUnits(prefix, day, out, problems, warnings);
            }
        });
        return finish(Table.DONG_BO_DVC, maHoSo, out, problems, warnings);
    }

    /** A progress step for XuLyHoSo. A MaTTHC in the input (not sent) routes it like a dossier. */
    public MappingResult mapProgress(Map<String, Object> input) {
        return mapPlain(Table.XU_LY_HO_SO, input);
    }

    /** The approval decision file for FileQuyetDinh: {MaHoSo, HoVaTen, CMND, Url}. */
    public MappingResult mapDecision(Map<String, Object> input) {
        return mapPlain(Table.FILE_QUYET_DINH, input);
    }

    private MappingResult mapPlain(Table table, Map<String, Object> input) {
        Input in = new Input(input);
        String maHoSo = in.text("MaHoSo");
        String maTthc = in.text("MaTTHC");
        if (maTthc != null && catalogs.socialAssistanceProcedure(maTthc).isEmpty()) {
            return notSocialAssistance(maHoSo, maTthc);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, String> warnings = new LinkedHashMap<>();
        for (Field field : table.fields()) {
            convert(field, in, out, problems, warnings);
        }
        Object url = out.get("Url");
        if (url instanceof String u && !isHttpUrl(u)) {
            problems.putIfAbsent("Url", "must be an absolute http(s) URL");
        }
        return finish(table, maHoSo, out, problems, warnings);
    }

    private MappingResult notSocialAssistance(String maHoSo, String maTthc) {
        return new MappingResult.NotSocialAssistance(maHoSo, maTthc,
                "not a social-assistance procedure: " + maTthc + " is not one of the 11 MOLISA procedures; not sent");
    }

    /** Conversion problems first; then the table check on what would be sent, for fields not already blamed. */
    private MappingResult finish(Table table, String maHoSo, Map<String, Object> unordered, Map<String, String> problems,
                                 Map<String, String> warnings) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field field : table.fields()) { // the table's order, whatever was filled in later
            if (unordered.containsKey(field.name())) {
                out.put(field.name(), unordered.get(field.name()));
            }
        }
        List<Problem> all = new ArrayList<>();
        problems.forEach((field, reason) -> all.add(new Problem(field, reason)));
        for (Problem p : MolisaFieldSpec.check(table, out, catalogs)) {
            if (!problems.containsKey(p.field())) {
                all.add(p);
            }
        }
        if (!all.isEmpty()) {
            return new MappingResult.Rejected(maHoSo, all);
        }
        List<Problem> notes = new ArrayList<>();
        warnings.forEach((field, reason) -> notes.add(new Problem(field, reason)));
        return new MappingResult.Mapped(table, maHoSo, out, notes);
    }

    private void convert(Field field, Input in, Map<String, Object> out, Map<String, String> problems,
                         Map<String, String> warnings) {
        Object raw = in.value(field, problems);
        if (raw == null || (raw instanceof String s && s.isBlank())) {
            return; // required-ness is the table check's job
        }
        switch (field.format()) {
            case INTEGER -> {
                Integer n = integer(raw);
                if (n == null) {
                    problems.put(field.name(), "must be an integer");
                } else {
                    out.put(field.name(), n);
                }
            }
            case DATE_DMY, DATETIME_DMY_HMS, DATETIME_COMPACT -> {
                Optional<LocalDateTime> t = InputDates.parse(raw);
                if (t.isEmpty()) {
                    problems.put(field.name(), "unreadable date (use ISO-8601 or " + field.format().pattern() + ")");
                } else {
                    out.put(field.name(), field.format().formatter().format(t.get()));
                }
            }
            case GSO_PROVINCE, GSO_DISTRICT, GSO_COMMUNE -> {
                String code = gso(in.text(field, problems), gsoWidth(field.format()));
                if (code == null) {
                    problems.put(field.name(), "not a GSO code (digits only)");
                } else {
                    out.put(field.name(), code);
                }
            }
            case GENDER_ID -> catalogs.gender(in.text(field, problems)).ifPresentOrElse(
                    g -> out.put(field.name(), String.valueOf(g.molisaId())),
                    () -> problems.put(field.name(), "unknown gender (expected Nam, Nữ or 1034/1035)"));
            case ISSUING_PLACE_ID -> catalogs.issuingPlace(in.text(field, problems)).ifPresentOrElse(
                    p -> out.put(field.name(), String.valueOf(p.molisaId())),
                    // An optional value the catalogue lacks (seed 003 lists 62 places: no Cao Bằng, Ninh Thuận, Cà
                    // Mau) must not cost the whole record: it is left empty and the trail says so.
                    () -> (field.required() ? problems : warnings).put(field.name(),
                            "unknown ID issuing place (not in the MOLISA catalogue)"
                                    + (field.required() ? "" : "; left empty")));
            default -> putIfPresent(out, field, in.text(field, problems));
        }
    }

    /**
     * {prefix}MaTinh / MaHuyen / MaXa against the administrative-unit catalogue valid on SubmittedDate: the
     * three-tier history before 2025-07-01, the two-tier catalogue from then on (MaHuyen per
     * {@link DistrictAfterReform}). Problems name codes, never the person's other values.
     */
    private void checkUnits(String prefix, LocalDate day, Map<String, Object> out, Map<String, String> problems,
                            Map<String, String> warnings) {
        String tinhField = prefix + "MaTinh";
        String huyenField = prefix + "MaHuyen";
        String xaField = prefix + "MaXa";
        if (problems.containsKey(tinhField) || problems.containsKey(huyenField) || problems.containsKey(xaField)) {
            return;
        }
        String maTinh = (String) out.get(tinhField);
        String maHuyen = (String) out.get(huyenField);
        String maXa = (String) out.get(xaField);
        boolean after = !day.isBefore(Era.REFORM_DATE);
        if (maTinh != null && maTinh.length() == 2) {
            boolean known = after ? units.province(Era.CURRENT, maTinh).isPresent()
                    : units.preReformProvince(day, maTinh).isPresent();
            if (!known) {
                problems.put(tinhField, unknown("province", maTinh, day, after));
            }
        }
        Ward ward = null;
        if (maXa != null && maXa.length() == 5) {
            ward = (after ? units.ward(Era.CURRENT, maXa) : units.preReformWard(day, maXa)).orElse(null);
            if (ward == null) {
                problems.put(xaField, unknown("ward", maXa, day, after));
            } else if (maTinh != null && !problems.containsKey(tinhField) && !ward.provinceCode().equals(maTinh)) {
                problems.put(xaField, "ward " + maXa + " is in province " + ward.provinceCode() + ", not " + maTinh
                        + " (catalogue of " + day + ")");
            }
        }
        if (!after) {
            if (maHuyen != null && maHuyen.length() == 3) {
                if (ward != null && !ward.districtCode().equals(maHuyen)) {
                    problems.put(huyenField, "must be ward " + ward.code() + "'s district " + ward.districtCode()
                            + " (catalogue of " + day + ")");
                } else if (ward == null && units.preReformDistrict(day, maHuyen).isEmpty()) {
                    problems.put(huyenField, unknown("district", maHuyen, day, false));
                }
            }
            return;
        }
        if (ward == null) {
            if (maHuyen != null) { // no ward to judge it by: a district cannot be checked after the reform
                out.put(huyenField, "");
                warnings.put(huyenField, "districts no longer exist on " + day + "; left empty");
            }
            return;
        }
        Set<String> oldDistricts = new LinkedHashSet<>();
        units.predecessorsOf(ward.code()).forEach(w -> oldDistricts.add(w.districtCode()));
        if (maHuyen != null && !maHuyen.isEmpty() && oldDistricts.contains(maHuyen)) {
            return; // the input named one of the ward's pre-reform districts: kept as given
        }
        String derived = districtAfterReform == DistrictAfterReform.DERIVE && oldDistricts.size() == 1
                ? oldDistricts.iterator().next() : "";
        out.put(huyenField, derived);
        String given = maHuyen == null || maHuyen.isEmpty() ? "" : "given " + maHuyen + " is not a pre-reform district of ward "
                + ward.code() + "; ";
        if (!derived.isEmpty()) {
            warnings.put(huyenField, given + "derived " + derived + ", the pre-reform district of every old ward "
                    + ward.code() + " was made of");
        } else if (maHuyen != null || prefix.isEmpty()) {
            warnings.put(huyenField, given + "left empty: districts no longer exist on " + day
                    + (oldDistricts.size() > 1 ? " and ward " + ward.code() + " was made of wards of "
                    + oldDistricts.size() + " districts" : ""));
        }
    }

    private String unknown(String level, String code, LocalDate day, boolean after) {
        if (after && (level.equals("ward") ? units.ward(Era.PRE_REFORM, code) : units.province(Era.PRE_REFORM, code))
                .isPresent()) {
            return "pre-reform " + level + " code " + code + " is not valid on " + day + " (on or after "
                    + Era.REFORM_DATE + ")" + (level.equals("ward") ? "; " + units.successorHint(code) : "");
        }
        Optional<String> period = units.preReformPeriodNote(code, day);
        if (period.isPresent()) {
            return period.get();
        }
        return "unknown " + level + " code " + code + " in the catalogue of " + day;
    }

    /** DanTocId from any of its spellings; several given must agree. */
    private Optional<Ethnicity> ethnicity(Input in, Map<String, String> problems) {
        Set<Ethnicity> found = new LinkedHashSet<>();
        String id = in.text("DanTocId");
        if (id != null) {
            Optional<Ethnicity> e;
            String hint;
            if (MolisaCatalogs.asInt(id) == null) {
                e = catalogs.ethnicityByName(id);
                hint = "unknown ethnicity name";
            } else if (ethnicityNumbers == EthnicityNumbers.GSO_CODE) {
                e = catalogs.ethnicityByGso(id);
                hint = "not a GSO ethnicity code (1..54)";
            } else {
                e = catalogs.ethnicityByMolisaId(id);
                hint = "not a MOLISA ethnicity id (29..82); send GSO codes in DanToc_MaGSO or MaDanToc";
            }
            if (e.isEmpty()) {
                problems.put("DanTocId", hint);
                return Optional.empty();
            }
            found.add(e.get());
        }
        for (String key : ETHNICITY_GSO_KEYS) {
            String v = in.text(key);
            if (v != null) {
                Optional<Ethnicity> e = catalogs.ethnicityByGso(v);
                if (e.isEmpty()) {
                    problems.put("DanTocId", key + ": not a GSO ethnicity code (1..54)");
                    return Optional.empty();
                }
                found.add(e.get());
            }
        }
        for (String key : ETHNICITY_NAME_KEYS) {
            String v = in.text(key);
            if (v != null) {
                Optional<Ethnicity> e = catalogs.ethnicityByName(v);
                if (e.isEmpty()) {
                    problems.put("DanTocId", key + ": unknown ethnicity name");
                    return Optional.empty();
                }
                found.add(e.get());
            }
        }
        if (found.size() > 1) {
            problems.put("DanTocId", "the ethnicity fields of the input disagree");
            return Optional.empty();
        }
        return found.stream().findFirst();
    }

    private static void putIfPresent(Map<String, Object> out, Field field, String text) {
        if (text != null) {
            out.put(field.name(), text);
        }
    }

    private static Integer integer(Object raw) {
        if (raw instanceof Integer i) {
            return i;
        }
        if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        if (raw instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Digits, zero-padded to the GSO width ("1" -> "01"); extra leading zeros are dropped ("0001" -> "01"). */
    static String gso(String text, int width) {
        if (text == null || text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        String t = text;
        while (t.length() > width && t.charAt(0) == '0') {
            t = t.substring(1);
        }
        return "0".repeat(Math.max(0, width - t.length())) + t;
    }

    /** GSO widths: province 2, district 3, commune 5 digits. */
    private static int gsoWidth(Format format) {
        return switch (format) {
            case GSO_PROVINCE -> 2;
            case GSO_DISTRICT -> 3;
            default -> 5;
        };
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    /** Input keys matched trimmed and case-insensitively (" UserIdCreated" == "UseridCreated"). */
    private static final class Input {
        private final Map<String, Object> byKey = new HashMap<>();

        Input(Map<String, Object> input) {
            if (input != null) {
                input.forEach((k, v) -> {
                    if (k != null) {
                        String key = k.trim().toLowerCase(Locale.ROOT);
                        byKey.put(key, v);
                    }
                });
            }
        }

        /** The field's value under its name or an alias; two spellings with different values is a problem. */
        Object value(Field field, Map<String, String> problems) {
            Object found = null;
            String foundKey = null;
            List<String> names = new ArrayList<>();
            names.add(field.name());
            names.addAll(field.inputAliases());
            for (String name : names) {
                Object v = byKey.get(name.toLowerCase(Locale.ROOT));
                if (v == null || (v instanceof String s && s.isBlank())) {
                    continue;
                }
                if (found != null && !normalised(found).equals(normalised(v))) {
                    problems.put(field.name(), "given twice with different values (" + foundKey + ", " + name + ")");
                    return null;
                }
                if (found == null) {
                    found = v;
                    foundKey = name;
                }
            }
            return found;
        }

        String text(Field field, Map<String, String> problems) {
            Object v = value(field, problems);
            return v == null ? null : normalised(v);
        }

        String text(String key) {
            Object v = byKey.get(key.toLowerCase(Locale.ROOT));
            if (v == null) {
                return null;
            }
            String s = normalised(v);
            return s.isEmpty() ? null : s;
        }

        /** Trimmed and NFC-composed, so a decomposed "Nguyễn" is not counted longer than it is. */
        private static String normalised(Object v) {
            return Normalizer.normalize(String.valueOf(v).trim(), Normalizer.Form.NFC);
        }
    }
}
