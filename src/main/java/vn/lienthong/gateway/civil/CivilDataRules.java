package vn.lienthong.gateway.civil;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Field rules for the dossier {@code data} object: required fields per module, dates, text lengths,
 * identity numbers, phone, email, and address normalization into PMHT objects.
 */
final class CivilDataRules {

    static final List<String> BIRTH_REQUIRED = List.of("nksHoTen", "nksGioiTinh", "nksNgaySinh", "nksNoiSinh", "nycHoTen");
    static final List<String> DEATH_REQUIRED = List.of("nktHoTen", "nktNgayChet", "nktNoiChet", "nycHoTen");

    static final List<String> ADDRESS_FIELDS = List.of(
            "nksNoiSinh", "nksQueQuan", "meNoiCuTru", "chaNoiCuTru", "nycNoiCuTru", "nktNoiCuTru", "nktNoiChet");
    /** DVCLT sometimes sends the unit name separately, e.g. nksNoiSinhDVHC. */
    static final String UNIT_SUFFIX = "DVHC";

    /** Always dates; other keys containing "Ngay" are dates only when their value looks like one. */
    static final Set<String> DATE_FIELDS = Set.of(
            "ngayCapGCS", "nksNgaySinh", "meNgaySinh", "chaNgaySinh", "nycNgayCapGiayToTuyThan",
            "ngayCapGBT", "nktNgaySinh", "nktNgayChet", "gbtNgay");
    /** Events that cannot have happened after the dossier was received. */
    static final Set<String> NOT_AFTER_REGISTRATION = Set.of("nksNgaySinh", "nktNgayChet");

    static final int MAX_TEXT = 500;
    static final int MAX_NAME = 100;
    static final int MAX_ID = 20;
    static final int MAX_EMAIL = 254;

    private static final Pattern ID_NUMBER = Pattern.compile("[A-Za-z0-9]+");
    // catalogue values (gender, ethnicity, nationality, residence type, document type...): a code or a short name,
    // never markup, quotes, expressions, paths or control characters
    private static final Pattern CODE = Pattern.compile("[\\p{L}\\p{M}\\p{N} ._-]{1,50}");
    private static final List<String> CODE_SUFFIXES = List.of("GioiTinh", "DanToc", "QuocTich", "LoaiCuTru",
            "LoaiGiayToTuyThan", "LoaiKhaiSinh", "loaiDangKy", "soLuongBanSao", "gbtLoai");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{9,15}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

    private final AddressNormalizer addresses;

    CivilDataRules(AddressNormalizer addresses) {
        this.addresses = addresses;
    }

    /**
     * Checks {@code data} and returns its PMHT form (a new map). Problems and ambiguities are added to the
     * given collectors.
     *
     * @param pmhtModule       decides the required fields
     * @param registrationDate null when ngayTiepNhan was unusable: addresses are then not normalized,
     *                         because the applicable catalogue is unknown (the date problem is already reported)
     */
    Map<String, Object> check(String pmhtModule, Map<String, Object> data, LocalDate registrationDate,
                              ProblemList problems, List<AddressOutcome.Ambiguous> ambiguities) {
        Map<String, Object> out = new LinkedHashMap<>(data);
        checkRequired(pmhtModule, data, problems);
        checkTextLengths("data", data, problems);
        for (Map.Entry<String, Object> e : data.entrySet()) {
            String key = e.getKey();
            if (ADDRESS_FIELDS.contains(key)) {
                continue;
            }
            Object normalized = checkField(key, e.getValue(), registrationDate, problems);
            out.put(key, normalized);
        }
        for (String field : ADDRESS_FIELDS) {
            normalizeAddress(field, data, out, registrationDate, problems, ambiguities);
        }
        return out;
    }

    private static void checkRequired(String pmhtModule, Map<String, Object> data, ProblemList problems) {
        List<String> required = switch (pmhtModule) {
            case "LTKS" -> BIRTH_REQUIRED;
            case "LTKT" -> DEATH_REQUIRED;
            default -> List.of();
        };
        for (String field : required) {
            if (isAbsent(data.get(field))) {
                problems.add("data." + field, "is required");
            }
        }
        if ("LTKS".equals(pmhtModule) && isAbsent(data.get("meHoTen")) && isAbsent(data.get("chaHoTen"))) {
            problems.add("data.meHoTen", "at least one of meHoTen or chaHoTen is required");
        }
    }

    /** Every string anywhere in data is bounded; names more tightly. */
    private static void checkTextLengths(String path, Object value, ProblemList problems) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> checkTextLengths(path + "." + k, v, problems));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                checkTextLengths(path + "[" + i + "]", list.get(i), problems);
            }
        } else if (value instanceof String s) {
            int max = path.endsWith("HoTen") ? MAX_NAME : MAX_TEXT;
            if (s.length() > max) {
                problems.add(path, "is longer than " + max + " characters");
            }
        }
    }

    private static Object checkField(String key, Object value, LocalDate registrationDate, ProblemList problems) {
        String path = "data." + key;
        if (isDateKey(key)) {
            return checkDate(key, path, value, registrationDate, problems);
        }
        if (isBlankText(value)) {
            return value;
        }
        if (key.endsWith("HoTen")) {
            requireString(path, value, problems);
        } else if (CODE_SUFFIXES.stream().anyMatch(key::endsWith)) {
            if (value instanceof Number) {
                return value; // e.g. soLuongBanSao: 2
            }
            if (requireString(path, value, problems) && !CODE.matcher((String) value).matches()) {
                problems.add(path, "must be a catalogue code or name (letters, digits, spaces, '.', '-', '_', at most 50)");
            }
        } else if (key.endsWith("SoGiayToTuyThan") || key.endsWith("SoDDCN")) {
            if (requireString(path, value, problems)) {
                String s = (String) value;
                if (s.length() > MAX_ID) {
                    problems.add(path, "is longer than " + MAX_ID + " characters");
                } else if (!ID_NUMBER.matcher(s).matches()) {
                    problems.add(path, "must contain only letters and digits");
                }
            }
        } else if (key.endsWith("SoDienThoai")) {
            if (requireString(path, value, problems) && !PHONE.matcher((String) value).matches()) {
                problems.add(path, "must be 9 to 15 digits with an optional leading +");
            }
        } else if (key.endsWith("Email")) {
            if (requireString(path, value, problems)) {
                String s = (String) value;
                if (s.length() > MAX_EMAIL || !EMAIL.matcher(s).matches()) {
                    problems.add(path, "is not a plausible email address");
                }
            }
        } else if (key.endsWith(UNIT_SUFFIX) && ADDRESS_FIELDS.contains(key.substring(0, key.length() - UNIT_SUFFIX.length()))) {
            requireString(path, value, problems);
        }
        return value;
    }

    /** "Ngay" anywhere (nksNgaySinh, gbtNgay) or a leading "ngay" (ngayCapGCS, ngayCapGBT). */
    static boolean isDateKey(String key) {
        return DATE_FIELDS.contains(key) || key.contains("Ngay") || key.startsWith("ngay");
    }

    private static Object checkDate(String key, String path, Object value, LocalDate registrationDate,
                                    ProblemList problems) {
        boolean known = DATE_FIELDS.contains(key);
        if (isBlankText(value)) {
            return value;
        }
        if (!(value instanceof String s)) {
            if (known) {
                problems.add(path, "must be a date string as " + DossierDates.DATE_FORMATS + ", got " + JsonValues.typeName(value));
            }
            return value;
        }
        String trimmed = s.trim();
        if (!known && !DossierDates.looksLikeDate(trimmed)) {
            return value; // e.g. nksNgaySinhBangChu: the birth date in words
        }
        DossierDates.Parsed<LocalDate> parsed = DossierDates.parseDate(trimmed);
        if (parsed.value() == null) {
            problems.add(path, parsed.reason());
            return value;
        }
        if (registrationDate != null && NOT_AFTER_REGISTRATION.contains(key) && parsed.value().isAfter(registrationDate)) {
            problems.add(path, "must not be after the registration date (ngayTiepNhan)");
        }
        return parsed.value().format(DossierDates.PMHT_DATE);
    }

    private void normalizeAddress(String field, Map<String, Object> data, Map<String, Object> out,
                                  LocalDate registrationDate, ProblemList problems,
                                  List<AddressOutcome.Ambiguous> ambiguities) {
        Object raw = data.get(field);
        if (isAbsent(raw)) {
            return;
        }
        String path = "data." + field;
        if (!(raw instanceof String) && !(raw instanceof Map)) {
            problems.add(path, "must be an address text or an object {maTinh, maHuyen, maXa, dcChiTiet}, got "
                    + JsonValues.typeName(raw));
            return;
        }
        if (registrationDate == null) {
            return;
        }
        String unitKey = field + UNIT_SUFFIX;
        Object unit = data.get(unitKey);
        String unitName = unit instanceof String u && !u.isBlank() ? u : null;
        AddressOutcome outcome;
        try {
            outcome = addresses.normalize(path, raw, unitName, registrationDate);
        } catch (RuntimeException e) {
            problems.add(path, "address could not be checked: the address normalizer failed");
            return;
        }
        if (outcome instanceof AddressOutcome.Resolved r && r.address() != null) {
            out.put(field, toPmht(r.address()));
            out.remove(unitKey);
        } else if (outcome instanceof AddressOutcome.Invalid inv && inv.problems() != null && !inv.problems().isEmpty()) {
            inv.problems().forEach(p -> problems.add(p == null ? new Problem(path, "is not a valid address") : p));
        } else if (outcome instanceof AddressOutcome.Ambiguous amb) {
            ambiguities.add(amb);
        } else {
            problems.add(path, "is not a valid address");
        }
    }

    private static Map<String, Object> toPmht(PmhtAddress a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("maTinh", nz(a.maTinh()));
        m.put("maHuyen", nz(a.maHuyen()));
        m.put("maXa", nz(a.maXa()));
        m.put("dcChiTiet", nz(a.dcChiTiet()));
        return m;
    }

    private static boolean requireString(String path, Object value, ProblemList problems) {
        if (value instanceof String) {
            return true;
        }
        problems.add(path, "must be a string, got " + JsonValues.typeName(value));
        return false;
    }

    private static boolean isBlankText(Object value) {
        return value == null || value instanceof String s && s.isBlank();
    }

    static boolean isAbsent(Object value) {
        return isBlankText(value) || value instanceof Map<?, ?> m && m.isEmpty();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
