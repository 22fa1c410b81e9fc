package vn.lienthong.gateway.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The MOLISA simulator's own reading of seed 003: the field tables of Phụ lục 1 (resource
 * {@code sandbox/molisa/fields.csv}) and the lists of sections V and VI ({@code sandbox/molisa/catalogues.csv}),
 * transcribed from the seed and checked here without the gateway's molisa classes, so that a table the gateway
 * misread shows up as a refusal. Answers are MOLISA's: a Vietnamese reason naming the field, never the value.
 */
final class MolisaSeedTables {

    static final String FIELDS = "/sandbox/molisa/fields.csv";
    static final String CATALOGUES = "/sandbox/molisa/catalogues.csv";

    /** One row of a seed table. */
    record Field(String operation, String name, String type, Integer maxLength, boolean required, String wire,
                 String catalogue) {
    }

    private static volatile MolisaSeedTables instance;

    private final Map<String, Map<String, Field>> tables;
    private final Map<String, Set<String>> catalogues;

    private MolisaSeedTables(Map<String, Map<String, Field>> tables, Map<String, Set<String>> catalogues) {
        this.tables = tables;
        this.catalogues = catalogues;
    }

    static MolisaSeedTables get() {
        MolisaSeedTables t = instance;
        if (t == null) {
            synchronized (MolisaSeedTables.class) {
                if (instance == null) {
                    instance = new MolisaSeedTables(loadFields(), loadCatalogues());
                }
                t = instance;
            }
        }
        return t;
    }

    /** The operations of the seed ("DongBoDVC", "XuLyHoSo", "FileQuyetDinh"), in the seed's order. */
    List<String> operations() {
        return List.copyOf(tables.keySet());
    }

    Map<String, Field> table(String operation) {
        return tables.get(operation);
    }

    /**
     * The first rule of the seed's table this record breaks, as MOLISA's message ("Trường X ..."), or null.
     * Field names are taken exactly as the table spells them: any other key is not a field MOLISA knows.
     */
    String firstViolation(String operation, Map<String, ?> record) {
        Map<String, Field> table = tables.get(operation);
        for (String key : record.keySet()) {
            if (!table.containsKey(key)) {
                return "Trường " + key + " không có trong đặc tả " + operation;
            }
        }
        for (Field field : table.values()) {
            Object value = record.get(field.name());
            if (value == null || (value instanceof String s && s.isBlank())) {
                if (field.required()) {
                    return "Trường " + field.name() + " là bắt buộc";
                }
                continue;
            }
            String reason = valueViolation(field, value);
            if (reason != null) {
                return "Trường " + field.name() + " " + reason;
            }
        }
        return null;
    }

    private String valueViolation(Field field, Object value) {
        if ("Int".equals(field.type())) {
            boolean integral = value instanceof Integer || value instanceof Long || value instanceof Short;
            return integral ? null : "phải là số nguyên (Int)";
        }
        if (!(value instanceof String text)) {
            return "phải là chuỗi (" + field.type() + ")";
        }
        int length = text.codePointCount(0, text.length());
        if (field.maxLength() != null && length > field.maxLength()) {
            return "vượt quá độ dài tối đa " + field.maxLength() + " ký tự";
        }
        if (field.wire() != null && !parses(text, field.wire())) {
            return "không đúng định dạng " + field.wire();
        }
        if (field.catalogue() == null) {
            return null;
        }
        return switch (field.catalogue()) {
            // VI.1: "lấy theo mã GSO" - digit codes, province 2, district 3, commune 5 digits
            case "gso_province" -> digits(text, 2) ? null : "không phải mã tỉnh theo GSO (2 chữ số)";
            case "gso_district" -> digits(text, 3) ? null : "không phải mã huyện theo GSO (3 chữ số)";
            case "gso_commune" -> digits(text, 5) ? null : "không phải mã xã theo GSO (5 chữ số)";
            case "procedure" -> isProcedure(text) ? null : "không thuộc các thủ tục cần kết nối (mục V)";
            case "gender" -> listed("gender", text) ? null : "không có trong danh mục giới tính (mục VI.3)";
            case "ethnicity" -> listed("ethnicity", text) ? null : "không có trong danh mục dân tộc (mục VI.2)";
            case "issuing_place" -> listed("issuing_place", text) ? null : "không có trong danh mục nơi cấp CCCD (mục VI.4)";
            default -> throw new IllegalStateException("unknown catalogue " + field.catalogue() + " in " + FIELDS);
        };
    }

    private boolean listed(String catalogue, String id) {
        return catalogues.getOrDefault(catalogue, Set.of()).contains(id);
    }

    /**
     * Section V prints three codes with seven digits ("2.0000286"); the field is "Mã thủ tục hành chính theo CSDL
     * TTHC Quốc gia", whose spelling has six ("2.000286"): both name the procedure.
     */
    private boolean isProcedure(String code) {
        if (listed("procedure", code)) {
            return true;
        }
        for (String printed : catalogues.getOrDefault("procedure", Set.of())) {
            if (printed.matches("\\d\\.0\\d{6}") && code.equals(printed.charAt(0) + "." + printed.substring(3))) {
                return true;
            }
        }
        return false;
    }

    private static boolean digits(String text, int length) {
        return text.length() == length && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean parses(String text, String pattern) {
        DateTimeFormatter f = DateTimeFormatter.ofPattern(pattern.replace("yyyy", "uuuu"))
                .withResolverStyle(ResolverStyle.STRICT);
        try {
            if (pattern.contains("HH")) {
                LocalDateTime.parse(text, f);
            } else {
                LocalDate.parse(text, f);
            }
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Map<String, Map<String, Field>> loadFields() {
        Map<String, Map<String, Field>> out = new LinkedHashMap<>();
        for (String[] c : rows(FIELDS, 8)) {
            Field f = new Field(c[0], c[2], c[3], c[4].isEmpty() ? null : Integer.valueOf(c[4]), "Bắt buộc".equals(c[5]),
                    c[6].isEmpty() ? null : c[6], c[7].isEmpty() ? null : c[7]);
            out.computeIfAbsent(f.operation(), k -> new LinkedHashMap<>()).put(f.name(), f);
        }
        Map<String, Map<String, Field>> frozen = new LinkedHashMap<>();
        out.forEach((k, v) -> frozen.put(k, java.util.Collections.unmodifiableMap(v)));
        return java.util.Collections.unmodifiableMap(frozen);
    }

    private static Map<String, Set<String>> loadCatalogues() {
        Map<String, Set<String>> out = new HashMap<>();
        for (String[] c : rows(CATALOGUES, 2)) {
            out.computeIfAbsent(c[0], k -> new HashSet<>()).add(c[1]);
        }
        Map<String, Set<String>> frozen = new HashMap<>();
        out.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
        return Map.copyOf(frozen);
    }

    /** Data rows (comments and the header skipped); only the first {@code columns} columns, never quoted, are split. */
    private static List<String[]> rows(String resource, int columns) {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = MolisaSeedTables.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            boolean header = true;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] all = line.split(",", columns + 1);
                String[] c = new String[columns];
                for (int i = 0; i < columns; i++) {
                    c[i] = i < all.length ? all[i].trim() : "";
                }
                rows.add(c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return rows;
    }
}
