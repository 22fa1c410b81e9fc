package vn.lienthong.gateway.molisa;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import vn.lienthong.gateway.civil.Problem;

/**
 * The field tables of seed 003 section IV.3 (3.1 DongBoDVC, 3.2 XuLyHoSo, 3.3 FileQuyetDinh), transcribed once so
 * the mapper and the sandbox simulator enforce the same rules. Wire formats come from the seed's examples:
 * Date "dd/MM/yyyy", SubmittedDate "dd/MM/yyyy HH:mm:ss", XuLyHoSo DateTime "yyyyMMddHHmmss".
 */
public final class MolisaFieldSpec {

    public enum Type { STRING, INT, DATE, DATETIME }

    /** What a wire value must look like beyond its type and length. */
    public enum Format {
        TEXT(null),
        GSO_PROVINCE(null),
        GSO_DISTRICT(null),
        GSO_COMMUNE(null),
        GENDER_ID(null),
        ETHNICITY_ID(null),
        ISSUING_PLACE_ID(null),
        SOCIAL_ASSISTANCE_PROCEDURE(null),
        INTEGER(null),
        DATE_DMY("dd/MM/uuuu"),
        DATETIME_DMY_HMS("dd/MM/uuuu HH:mm:ss"),
        DATETIME_COMPACT("uuuuMMddHHmmss");

        private final DateTimeFormatter formatter;

        Format(String pattern) {
            this.formatter = pattern == null ? null
                    : DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT);
        }

        /** Formatter of the wire text for date formats, null otherwise. */
        public DateTimeFormatter formatter() {
            return formatter;
        }

        /** Human form of the pattern for error messages ("dd/MM/yyyy"). */
        public String pattern() {
            return switch (this) {
                case DATE_DMY -> "dd/MM/yyyy";
                case DATETIME_DMY_HMS -> "dd/MM/yyyy HH:mm:ss";
                case DATETIME_COMPACT -> "yyyyMMddHHmmss";
                default -> name();
            };
        }
    }

    /** One table row. {@code maxLength} null = no limit in the seed; {@code inputAliases}: spellings accepted on input. */
    public record Field(String name, Type type, Integer maxLength, boolean required, Format format,
                        List<String> inputAliases) {
    }

    /** A MOLISA endpoint and its table. */
    public enum Table {
        DONG_BO_DVC("DongBoDVC", List.of(
                f("MaHoSo", Type.STRING, 25, true, Format.TEXT),
                f("MaTTHC", Type.STRING, 50, true, Format.SOCIAL_ASSISTANCE_PROCEDURE),
                f("TenTTHC", Type.STRING, 500, true, Format.TEXT),
                f("HoVaTen", Type.STRING, 250, true, Format.TEXT),
                f("NgayThangNamSinh", Type.DATE, null, true, Format.DATE_DMY),
                f("GioiTinhId", Type.STRING, 25, false, Format.GENDER_ID, "GioiTinh"),
                f("DanTocId", Type.STRING, 25, false, Format.ETHNICITY_ID),
                f("CMND", Type.STRING, 25, true, Format.TEXT),
                f("CMND_NgayCap", Type.DATE, null, false, Format.DATE_DMY),
                f("CMND_NoiCap", Type.STRING, 250, false, Format.ISSUING_PLACE_ID),
                f("MaTinh", Type.STRING, 10, true, Format.GSO_PROVINCE),
                f("MaHuyen", Type.STRING, 10, true, Format.GSO_DISTRICT),
                f("MaXa", Type.STRING, 10, true, Format.GSO_COMMUNE),
                // The seed's JSON example spells these HKTTC_; the table (authoritative) says HKTT_.
                f("HKTT_MaTinh", Type.STRING, 10, false, Format.GSO_PROVINCE, "HKTTC_MaTinh"),
                f("HKTT_MaHuyen", Type.STRING, 10, false, Format.GSO_DISTRICT, "HKTTC_MaHuyen"),
                f("HKTT_MaXa", Type.STRING, 10, false, Format.GSO_COMMUNE, "HKTTC_MaXa"),
                f("HKTT_MaThon", Type.STRING, 250, false, Format.TEXT, "HKTTC_MaThon"),
                f("HKTT_ChiTiet", Type.STRING, 250, false, Format.TEXT, "HKTTC_ChiTiet"),
                f("NOHT_MaTinh", Type.STRING, 10, false, Format.GSO_PROVINCE),
                f("NOHT_MaHuyen", Type.STRING, 10, false, Format.GSO_DISTRICT),
                f("NOHT_MaXa", Type.STRING, 10, false, Format.GSO_COMMUNE),
                // 10, not 250, in both copies of the table although it holds a village name: enforced as printed.
                f("NOHT_MaThon", Type.STRING, 10, false, Format.TEXT),
                f("NOHT_ChiTiet", Type.STRING, 250, false, Format.TEXT),
                f("SoDienThoai", Type.STRING, 50, false, Format.TEXT),
                f("Email", Type.STRING, 200, false, Format.TEXT),
                f("StatusId", Type.INT, null, true, Format.INTEGER),
                // Real peers send "SubmitedDate" (one t); we accept it and send the table's spelling.
                f("SubmittedDate", Type.DATE, null, true, Format.DATETIME_DMY_HMS, "SubmitedDate"))),
        XU_LY_HO_SO("XuLyHoSo", List.of(
                f("MaHoSo", Type.STRING, 50, true, Format.TEXT),
                f("TaiKhoanXuLy", Type.STRING, 250, true, Format.TEXT),
                f("NguoiXuLy", Type.STRING, 250, true, Format.TEXT),
                f("ChucDanh", Type.STRING, 250, true, Format.TEXT),
                f("ThoiDiemXuLy", Type.DATETIME, null, true, Format.DATETIME_COMPACT),
                // The example calls it PhongBanXuLy; the table DonViXuLy.
                f("DonViXuLy", Type.STRING, 250, false, Format.TEXT, "PhongBanXuLy"),
                f("NoiDungXuLy", Type.STRING, 4000, true, Format.TEXT),
                f("StatusId", Type.INT, null, true, Format.INTEGER),
                f("NgayBatDau", Type.DATETIME, null, true, Format.DATETIME_COMPACT),
                f("NgayKetThucTheoQuyDinh", Type.DATETIME, null, true, Format.DATETIME_COMPACT),
                f("UseridCreated", Type.STRING, 250, false, Format.TEXT, "UserIdCreated"),
                f("UseridEdited", Type.STRING, 250, false, Format.TEXT, "UserIdEdited"),
                f("DateCreated", Type.DATETIME, null, false, Format.DATETIME_COMPACT),
                f("DateEdited", Type.DATETIME, null, false, Format.DATETIME_COMPACT))),
        FILE_QUYET_DINH("FileQuyetDinh", List.of(
                f("MaHoSo", Type.STRING, 50, true, Format.TEXT),
                f("HoVaTen", Type.STRING, 250, true, Format.TEXT),
                f("CMND", Type.STRING, 50, true, Format.TEXT),
                f("Url", Type.STRING, 500, true, Format.TEXT)));

        private final String operation;
        private final List<Field> fields;
        private final Map<String, Field> byName = new LinkedHashMap<>();

        Table(String operation, List<Field> fields) {
            this.operation = operation;
            this.fields = fields;
            for (Field field : fields) {
                byName.put(field.name(), field);
            }
        }

        /** The endpoint name, last segment of the path: "DongBoDVC". */
        public String operation() {
            return operation;
        }

        public List<Field> fields() {
            return fields;
        }

        public Optional<Field> field(String name) {
            return Optional.ofNullable(byName.get(name));
        }
    }

    private MolisaFieldSpec() {
    }

    private static Field f(String name, Type type, Integer max, boolean required, Format format, String... aliases) {
        return new Field(name, type, max, required, format, List.of(aliases));
    }

    /**
     * Checks one wire record against its table: unknown fields, required fields, types, length limits (in
     * characters), wire formats and catalogue ids. Reasons never echo the value (it may be a name or an ID number).
     */
    public static List<Problem> check(Table table, Map<String, ?> record, MolisaCatalogs catalogs) {
        List<Problem> problems = new ArrayList<>();
        for (String key : record.keySet()) {
            if (table.field(key).isEmpty()) {
                problems.add(new Problem(key, "not a field of " + table.operation()));
            }
        }
        for (Field field : table.fields()) {
            Object value = record.get(field.name());
            if (value == null || (value instanceof String s && s.isBlank())) {
                if (field.required() && !(field.name().equals("MaHuyen") && afterReform(record))) {
                    problems.add(new Problem(field.name(), "required"));
                }
                continue;
            }
            String reason = checkValue(field, value, catalogs);
            if (reason != null) {
                problems.add(new Problem(field.name(), reason));
            }
        }
        return problems;
    }

    /** Districts were abolished on this day; seed 003 (older) requires MaHuyen, which cannot exist after it. */
    public static final LocalDate DISTRICTS_ABOLISHED = vn.lienthong.gateway.catalog.Era.REFORM_DATE;

    /** The record's SubmittedDate (wire form) is on or after the reform; false when absent or unreadable. */
    static boolean afterReform(Map<String, ?> record) {
        return submittedDay(record).map(d -> !d.isBefore(DISTRICTS_ABOLISHED)).orElse(false);
    }

    /** The day of the record's SubmittedDate in wire form "dd/MM/yyyy HH:mm:ss", if readable. */
    static Optional<LocalDate> submittedDay(Map<String, ?> record) {
        if (!(record.get("SubmittedDate") instanceof String text)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(text, Format.DATETIME_DMY_HMS.formatter()).toLocalDate());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Why a non-empty wire value breaks its row, or null when it is fine. */
    static String checkValue(Field field, Object value, MolisaCatalogs catalogs) {
        if (field.type() == Type.INT) {
            boolean integral = value instanceof Integer || value instanceof Long || value instanceof Short;
            return integral ? null : "must be a JSON integer";
        }
        if (!(value instanceof String text)) {
            return "must be a JSON string";
        }
        if (field.maxLength() != null) {
            int length = text.codePointCount(0, text.length());
            if (length > field.maxLength()) {
                return "longer than " + field.maxLength() + " characters (" + length + ")";
            }
        }
        return switch (field.format()) {
            case TEXT, INTEGER -> null;
            case GSO_PROVINCE -> digits(text, 2) ? null : "must be a 2-digit GSO province code";
            case GSO_DISTRICT -> digits(text, 3) ? null : "must be a 3-digit GSO district code";
            case GSO_COMMUNE -> digits(text, 5) ? null : "must be a 5-digit GSO commune code";
            case GENDER_ID -> isId(text) && catalogs.gender(text).isPresent() ? null : "not a MOLISA gender id (1034/1035)";
            case ETHNICITY_ID -> isId(text) && catalogs.ethnicityByMolisaId(text).isPresent()
                    ? null : "not a MOLISA ethnicity id (29..82)";
            case ISSUING_PLACE_ID -> isId(text) && catalogs.issuingPlace(text).isPresent()
                    ? null : "not a MOLISA ID issuing place id";
            case SOCIAL_ASSISTANCE_PROCEDURE -> catalogs.socialAssistanceProcedure(text).isPresent()
                    ? null : "not one of the 11 social-assistance procedures";
            case DATE_DMY -> parses(text, field.format(), false) ? null : "must be a date " + field.format().pattern();
            case DATETIME_DMY_HMS, DATETIME_COMPACT -> parses(text, field.format(), true)
                    ? null : "must be a date-time " + field.format().pattern();
        };
    }

    private static boolean isId(String text) {
        return MolisaCatalogs.asInt(text) != null && !text.startsWith("0");
    }

    private static boolean digits(String text, int length) {
        return text.length() == length && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean parses(String text, Format format, boolean withTime) {
        try {
            if (withTime) {
                LocalDateTime.parse(text, format.formatter());
            } else {
                LocalDate.parse(text, format.formatter());
            }
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
