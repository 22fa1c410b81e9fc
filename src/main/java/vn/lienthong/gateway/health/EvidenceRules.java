package vn.lienthong.gateway.health;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import vn.lienthong.gateway.catalog.NameFolding;

/**
 * The checks of seed 004 step 2 ("rà soát dữ liệu") for one birth certificate or death notice: required fields,
 * formats, catalogues and dates that must agree. Returns the normalized record (wire names, dates as
 * {@code yyyy-MM-dd}, times as {@code HH:mm}, gender and ethnicity as codes) or every problem found.
 * Unknown fields are dropped: the store keeps only what the civil registry uses.
 */
public final class EvidenceRules {

    public static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    enum Type { CODE, TEXT, NAME, ID_NUMBER, DATE, TIME, GENDER, ETHNICITY, WEIGHT_GRAMS }

    record Field(String name, Type type, boolean required, int maxLength) {
    }

    static final List<Field> BIRTH = List.of(
            new Field("maGCS", Type.CODE, true, 50),
            new Field("quyenSo", Type.TEXT, false, 20),
            new Field("ngayCapGCS", Type.DATE, true, 10),
            new Field("maCoSoKCB", Type.CODE, true, 20),
            new Field("tenCoSoKCB", Type.TEXT, false, 250),
            new Field("meHoTen", Type.NAME, true, 100),
            new Field("meNgaySinh", Type.DATE, false, 10),
            new Field("meSoGiayToTuyThan", Type.ID_NUMBER, true, 12),
            new Field("meDanToc", Type.ETHNICITY, false, 2),
            new Field("meNoiCuTru", Type.TEXT, false, 500),
            new Field("chaHoTen", Type.NAME, false, 100),
            new Field("nksGioiTinh", Type.GENDER, true, 1),
            new Field("nksNgaySinh", Type.DATE, true, 10),
            new Field("nksGioSinh", Type.TIME, false, 5),
            new Field("nksCanNang", Type.WEIGHT_GRAMS, false, 5),
            new Field("nksNoiSinh", Type.TEXT, true, 500),
            new Field("nksHoTenDuKien", Type.NAME, false, 100));

    static final List<Field> DEATH = List.of(
            new Field("maGBT", Type.CODE, true, 50),
            new Field("quyenSo", Type.TEXT, false, 20),
            new Field("ngayCapGBT", Type.DATE, true, 10),
            new Field("maCoSoKCB", Type.CODE, true, 20),
            new Field("tenCoSoKCB", Type.TEXT, false, 250),
            new Field("nktHoTen", Type.NAME, true, 100),
            new Field("nktGioiTinh", Type.GENDER, false, 1),
            new Field("nktNgaySinh", Type.DATE, false, 10),
            new Field("nktSoGiayToTuyThan", Type.ID_NUMBER, false, 12),
            new Field("nktNoiCuTru", Type.TEXT, false, 500),
            new Field("nktNgayChet", Type.DATE, true, 10),
            new Field("nktGioPhutChet", Type.TIME, false, 5),
            new Field("nktNoiChet", Type.TEXT, true, 500),
            new Field("nktNguyenNhanChet", Type.TEXT, false, 500));

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]*");
    // CCCD / personal identification number (12 digits) or the old CMND (9 digits)
    private static final Pattern ID_NUMBER = Pattern.compile("[0-9]{9}|[0-9]{12}");
    private static final Pattern TIME = Pattern.compile("([01]?[0-9]|2[0-3])[:hH]([0-5][0-9])(:[0-5][0-9])?");
    private static final List<DateTimeFormatter> DATE_FORMATS = List.of(
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("d/M/uuuu").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("d.M.uuuu").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("d-M-uuuu").withResolverStyle(ResolverStyle.STRICT));
    static final int MIN_WEIGHT = 200;
    static final int MAX_WEIGHT = 9000;

    private final Clock clock;
    private final Map<String, String> ethnicityByName;

    public EvidenceRules(Clock clock) {
        this.clock = clock;
        this.ethnicityByName = loadEthnicities();
    }

    /** The checked record: {@code fields} normalized when {@code problems} is empty. */
    public record Checked(EvidenceKind kind, String key, Map<String, String> fields, List<FieldProblem> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }

        public String field(String name) {
            return fields.get(name);
        }
    }

    public static List<String> fieldNames(EvidenceKind kind) {
        return spec(kind).stream().map(Field::name).toList();
    }

    static List<Field> spec(EvidenceKind kind) {
        return kind == EvidenceKind.BIRTH ? BIRTH : DEATH;
    }

    public Checked check(EvidenceKind kind, Map<String, ?> raw) {
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, String> out = new LinkedHashMap<>();
        for (Field f : spec(kind)) {
            Object value = raw.get(f.name());
            String text = asText(f, value, problems);
            if (text == null) {
                if (f.required() && !problems.stream().anyMatch(p -> p.field().equals(f.name()))) {
                    problems.add(new FieldProblem(f.name(), "is required"));
                }
                continue;
            }
            String normalized = normalize(f, text, problems);
            if (normalized != null) {
                out.put(f.name(), normalized);
            }
        }
        crossChecks(kind, out, problems);
        String key = out.get(kind.keyField());
        if (key == null && raw.get(kind.keyField()) instanceof String s && CODE.matcher(s.trim()).matches()
                && s.trim().length() <= 50) {
            key = s.trim();
        }
        return new Checked(kind, key, out, List.copyOf(problems));
    }

    /** The value as trimmed text, or null when absent or blank. Objects, arrays and booleans are problems. */
    private static String asText(Field f, Object value, List<FieldProblem> problems) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            String t = s.strip();
            return t.isEmpty() ? null : t;
        }
        if (value instanceof Number n) {
            if (f.type() == Type.ID_NUMBER) {
                // a number has lost its leading zeros: the ID cannot be trusted
                problems.add(new FieldProblem(f.name(), "must be text (a number loses the leading zeros of an ID number)"));
                return null;
            }
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        problems.add(new FieldProblem(f.name(), "must be text, got " + typeName(value)));
        return null;
    }

    private String normalize(Field f, String text, List<FieldProblem> problems) {
        if (text.length() > Math.max(f.maxLength(), 30) && f.type() != Type.TEXT && f.type() != Type.NAME
                && f.type() != Type.CODE) {
            problems.add(new FieldProblem(f.name(), "is too long"));
            return null;
        }
        if (text.length() > f.maxLength() && (f.type() == Type.TEXT || f.type() == Type.NAME || f.type() == Type.CODE)) {
            problems.add(new FieldProblem(f.name(), "is longer than " + f.maxLength() + " characters"));
            return null;
        }
        if (hasControlCharacters(text)) {
            problems.add(new FieldProblem(f.name(), "contains control characters"));
            return null;
        }
        switch (f.type()) {
            case CODE -> {
                if (!CODE.matcher(text).matches()) {
                    problems.add(new FieldProblem(f.name(), "may hold only letters, digits and . _ / -"));
                    return null;
                }
                return text;
            }
            case TEXT -> {
                return text.replaceAll("\\s+", " ");
            }
            case NAME -> {
                if (text.codePoints().anyMatch(Character::isDigit)) {
                    problems.add(new FieldProblem(f.name(), "a person's name cannot contain digits"));
                    return null;
                }
                return text.replaceAll("\\s+", " ");
            }
            case ID_NUMBER -> {
                if (!ID_NUMBER.matcher(text).matches()) {
                    problems.add(new FieldProblem(f.name(), "must be 12 digits (personal ID number) or 9 digits (old ID card)"));
                    return null;
                }
                return text;
            }
            case DATE -> {
                LocalDate d = parseDate(text);
                if (d == null) {
                    problems.add(new FieldProblem(f.name(), "is not a date (dd/MM/yyyy, dd.MM.yyyy or yyyy-MM-dd)"));
                    return null;
                }
                if (d.isAfter(LocalDate.now(clock.withZone(VIETNAM)))) {
                    problems.add(new FieldProblem(f.name(), "is in the future"));
                    return null;
                }
                if (d.getYear() < 1900) {
                    problems.add(new FieldProblem(f.name(), "is before 1900"));
                    return null;
                }
                return d.toString();
            }
            case TIME -> {
                var m = TIME.matcher(text);
                if (!m.matches()) {
                    problems.add(new FieldProblem(f.name(), "is not a time (HH:mm)"));
                    return null;
                }
                return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))).toString();
            }
            case GENDER -> {
                String g = gender(text);
                if (g == null) {
                    problems.add(new FieldProblem(f.name(), "must be 1 (Nam), 2 (Nữ) or 3 (not determined)"));
                }
                return g;
            }
            case ETHNICITY -> {
                String e = ethnicity(text);
                if (e == null) {
                    problems.add(new FieldProblem(f.name(), "is not an ethnicity of the official catalogue (code 01-54 or its name)"));
                }
                return e;
            }
            case WEIGHT_GRAMS -> {
                try {
                    BigDecimal grams = new BigDecimal(text.replace(",", "."));
                    // kilograms written as 3.2 are common in exports
                    if (grams.compareTo(BigDecimal.valueOf(20)) < 0) {
                        grams = grams.multiply(BigDecimal.valueOf(1000));
                    }
                    int g = grams.setScale(0, java.math.RoundingMode.HALF_UP).intValueExact();
                    if (g < MIN_WEIGHT || g > MAX_WEIGHT) {
                        problems.add(new FieldProblem(f.name(), "must be between " + MIN_WEIGHT + " and " + MAX_WEIGHT + " grams"));
                        return null;
                    }
                    return String.valueOf(g);
                } catch (NumberFormatException | ArithmeticException e) {
                    problems.add(new FieldProblem(f.name(), "must be a weight in grams"));
                    return null;
                }
            }
            default -> throw new IllegalStateException(f.type().name());
        }
    }

    private static void crossChecks(EvidenceKind kind, Map<String, String> r, List<FieldProblem> problems) {
        if (kind == EvidenceKind.BIRTH) {
            notBefore(r, "ngayCapGCS", "nksNgaySinh", "is before the date of birth", problems);
            if (r.get("meNgaySinh") != null && r.get("nksNgaySinh") != null
                    && !LocalDate.parse(r.get("meNgaySinh")).isBefore(LocalDate.parse(r.get("nksNgaySinh")).minusYears(9))) {
                problems.add(new FieldProblem("meNgaySinh", "the mother must be born years before the child"));
            }
        } else {
            notBefore(r, "ngayCapGBT", "nktNgayChet", "is before the date of death", problems);
            notBefore(r, "nktNgayChet", "nktNgaySinh", "is before the date of birth", problems);
        }
    }

    private static void notBefore(Map<String, String> r, String later, String earlier, String reason, List<FieldProblem> problems) {
        if (r.get(later) != null && r.get(earlier) != null
                && LocalDate.parse(r.get(later)).isBefore(LocalDate.parse(r.get(earlier)))) {
            problems.add(new FieldProblem(later, reason));
        }
    }

    static LocalDate parseDate(String text) {
        String t = text.trim();
        // ISO date-times (DHIS2, Excel date cells) keep their date part
        if (t.length() > 10 && t.charAt(4) == '-' && (t.charAt(10) == 'T' || t.charAt(10) == ' ')) {
            t = t.substring(0, 10);
        }
        for (DateTimeFormatter f : DATE_FORMATS) {
            try {
                return LocalDate.parse(t, f);
            } catch (DateTimeParseException ignored) {
                // next format
            }
        }
        return null;
    }

    static String gender(String text) {
        String f = NameFolding.fold(text);
        return switch (f) {
            case "1", "nam", "male", "m" -> "1";
            case "2", "nu", "female", "f" -> "2";
            case "3", "chua xac dinh", "khong xac dinh" -> "3";
            default -> null;
        };
    }

    String ethnicity(String text) {
        String t = text.trim();
        if (t.matches("[0-9]{1,2}")) {
            int code = Integer.parseInt(t);
            return code >= 1 && code <= 54 ? String.format(Locale.ROOT, "%02d", code) : null;
        }
        return ethnicityByName.get(NameFolding.fold(t));
    }

    private static Map<String, String> loadEthnicities() {
        Map<String, String> byName = new HashMap<>();
        try (InputStream in = EvidenceRules.class.getResourceAsStream("/catalog/ethnicity.csv")) {
            if (in == null) {
                throw new IllegalStateException("catalog/ethnicity.csv is missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line = r.readLine(); // header: molisa_id,name,gso_code
            while ((line = r.readLine()) != null) {
                String[] cols = line.split(",");
                if (cols.length >= 3 && cols[2].trim().matches("[0-9]+")) {
                    byName.put(NameFolding.fold(cols[1]), String.format(Locale.ROOT, "%02d", Integer.parseInt(cols[2].trim())));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read catalog/ethnicity.csv", e);
        }
        return Map.copyOf(byName);
    }

    private static boolean hasControlCharacters(String s) {
        // line breaks and tabs (Alt+Enter in Excel) are whitespace, other control characters are not text
        return s.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f);
    }

    static String typeName(Object value) {
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List) {
            return "array";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return value.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
