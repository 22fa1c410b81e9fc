package vn.lienthong.gateway.molisa;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import vn.lienthong.gateway.catalog.NameFolding;

/**
 * The four MOLISA catalogues of seed 003 (gender, ethnicity, ID issuing place, the 11 social-assistance
 * procedures) with lookups that tolerate missing diacritics, case, hyphens and the 7-digit spelling of the
 * first three procedure codes. Immutable after loading; safe to share.
 */
public final class MolisaCatalogs {

    public record Gender(int molisaId, String name) {
    }

    public record Ethnicity(int molisaId, String name, int gsoCode) {
    }

    public record IssuingPlace(int molisaId, String name) {
    }

    /** {@code code} is the national-database spelling (6 digits after "2."); {@code printedCode} as in the seed. */
    public record Procedure(String code, String printedCode, String level, String name) {
    }

    private final Map<Integer, Gender> gendersById = new LinkedHashMap<>();
    private final Map<String, Gender> gendersByKey = new LinkedHashMap<>();
    private final Map<Integer, Ethnicity> ethnicitiesById = new LinkedHashMap<>();
    private final Map<Integer, Ethnicity> ethnicitiesByGso = new LinkedHashMap<>();
    private final Map<String, Ethnicity> ethnicitiesByKey = new LinkedHashMap<>();
    private final Map<Integer, IssuingPlace> placesById = new LinkedHashMap<>();
    private final Map<String, IssuingPlace> placesByKey = new LinkedHashMap<>();
    private final Map<String, Procedure> proceduresByCode = new LinkedHashMap<>();

    private MolisaCatalogs() {
    }

    /** Loads {@code catalog/*.csv} from the classpath; fails fast on a malformed or ambiguous catalogue. */
    public static MolisaCatalogs fromClasspath() {
        MolisaCatalogs c = new MolisaCatalogs();
        for (String[] r : read("catalog/gender.csv", 2)) {
            Gender g = new Gender(Integer.parseInt(r[0]), r[1]);
            c.gendersById.put(g.molisaId(), g);
            putUnique(c.gendersByKey, compactKey(g.name()), g, "gender");
        }
        for (String[] r : read("catalog/ethnicity.csv", 3)) {
            Ethnicity e = new Ethnicity(Integer.parseInt(r[0]), r[1], Integer.parseInt(r[2]));
            c.ethnicitiesById.put(e.molisaId(), e);
            c.ethnicitiesByGso.put(e.gsoCode(), e);
            putUnique(c.ethnicitiesByKey, compactKey(e.name()), e, "ethnicity");
        }
        for (String[] r : read("catalog/id_issuing_place.csv", 2)) {
            IssuingPlace p = new IssuingPlace(Integer.parseInt(r[0]), r[1]);
            c.placesById.put(p.molisaId(), p);
            putUnique(c.placesByKey, compactKey(p.name()), p, "issuing place");
            String bare = withoutProvincePrefix(p.name());
            if (!bare.equals(p.name())) {
                putUnique(c.placesByKey, compactKey(bare), p, "issuing place");
            }
        }
        for (String[] r : read("catalog/social-assistance-procedures.csv", 3)) {
            String code = procedureKey(r[0]);
            c.proceduresByCode.put(code, new Procedure(code, r[0], r[1], r[2]));
        }
        return c;
    }

    // ---- gender ----

    /** "Nam", "Nữ", "Nu", "nam" or the MOLISA id "1034"/"1035". */
    public Optional<Gender> gender(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Integer id = asInt(value);
        if (id != null) {
            return Optional.ofNullable(gendersById.get(id));
        }
        return Optional.ofNullable(gendersByKey.get(compactKey(value)));
    }

    public List<Gender> genders() {
        return List.copyOf(gendersById.values());
    }

    // ---- ethnicity ----

    public Optional<Ethnicity> ethnicityByMolisaId(String value) {
        Integer id = asInt(value);
        return id == null ? Optional.empty() : Optional.ofNullable(ethnicitiesById.get(id));
    }

    /** GSO code, with or without leading zeros ("01" == "1"). */
    public Optional<Ethnicity> ethnicityByGso(String value) {
        Integer id = asInt(value);
        return id == null ? Optional.empty() : Optional.ofNullable(ethnicitiesByGso.get(id));
    }

    /** Name, insensitive to diacritics, case, spaces, hyphens and apostrophes ("H'Mông" == "HMông" == "hmong"). */
    public Optional<Ethnicity> ethnicityByName(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(ethnicitiesByKey.get(compactKey(value)));
    }

    public List<Ethnicity> ethnicities() {
        return List.copyOf(ethnicitiesById.values());
    }

    // ---- ID issuing place ----

    /** MOLISA id ("1195"), or name with or without "Tỉnh"/"Thành phố" and diacritics ("Ha Noi" -> 1195). */
    public Optional<IssuingPlace> issuingPlace(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Integer id = asInt(value);
        if (id != null) {
            return Optional.ofNullable(placesById.get(id));
        }
        IssuingPlace p = placesByKey.get(compactKey(value));
        if (p == null) {
            p = placesByKey.get(compactKey(withoutProvincePrefix(value)));
        }
        return Optional.ofNullable(p);
    }

    public List<IssuingPlace> issuingPlaces() {
        return List.copyOf(placesById.values());
    }

    // ---- procedures ----

    /**
     * One of the 11 social-assistance procedures, by either spelling ("2.0000286" or "2.000286"); a local variant
     * code that extends a national one ("1.001776.000.00.00.H12") counts as that procedure.
     */
    public Optional<Procedure> socialAssistanceProcedure(String maTthc) {
        if (maTthc == null || maTthc.isBlank()) {
            return Optional.empty();
        }
        String key = procedureKey(maTthc);
        Procedure p = proceduresByCode.get(key);
        if (p != null) {
            return Optional.of(p);
        }
        for (Procedure candidate : proceduresByCode.values()) {
            if (key.startsWith(candidate.code() + ".")) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public List<Procedure> procedures() {
        return List.copyOf(proceduresByCode.values());
    }

    // ---- keys ----

    /** National spelling: "2.0000286" -> "2.000286" (the seed's extra zero); other codes only trimmed. */
    static String procedureKey(String code) {
        String c = code.trim();
        int dot = c.indexOf('.');
        if (dot > 0) {
            int end = c.indexOf('.', dot + 1);
            String digits = end < 0 ? c.substring(dot + 1) : c.substring(dot + 1, end);
            if (digits.length() == 7 && digits.charAt(0) == '0' && digits.chars().allMatch(Character::isDigit)) {
                return c.substring(0, dot + 1) + digits.substring(1) + (end < 0 ? "" : c.substring(end));
            }
        }
        return c;
    }

    /** Folded and stripped of everything but letters and digits: "Khơ-me" -> "khome", "Nữ" -> "nu". */
    static String compactKey(String text) {
        return NameFolding.fold(text).replace(" ", "");
    }

    private static String withoutProvincePrefix(String name) {
        String folded = NameFolding.fold(name);
        for (String prefix : List.of("thanh pho ", "tinh ", "tp ", "t p ")) {
            if (folded.startsWith(prefix)) {
                // Drop as many words from the original as the prefix has, so diacritics of the rest survive.
                String[] words = name.trim().replace(".", ". ").split("\\s+");
                int drop = prefix.trim().split(" ").length;
                return String.join(" ", java.util.Arrays.copyOfRange(words, Math.min(drop, words.length), words.length));
            }
        }
        return name;
    }

    static Integer asInt(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.parseInt(v);
    }

    private static <T> void putUnique(Map<String, T> map, String key, T value, String what) {
        T previous = map.putIfAbsent(key, value);
        if (previous != null && !previous.equals(value)) {
            throw new IllegalStateException("MOLISA " + what + " catalogue: two entries fold to '" + key + "'");
        }
    }

    private static List<String[]> read(String resource, int columns) {
        InputStream in = MolisaCatalogs.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("Missing catalogue on the classpath: " + resource);
        }
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = r.readLine();
            if (header == null) {
                throw new IllegalStateException("Empty catalogue: " + resource);
            }
            String line;
            int n = 1;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                // Names carry no commas (checked here), so a plain split is enough.
                String[] cells = line.split(",", -1);
                if (cells.length != columns) {
                    throw new IllegalStateException(resource + " line " + n + ": expected " + columns + " columns");
                }
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = cells[i].trim();
                }
                rows.add(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableList(rows);
    }
}
