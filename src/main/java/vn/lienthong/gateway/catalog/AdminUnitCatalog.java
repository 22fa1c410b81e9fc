package vn.lienthong.gateway.catalog;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import vn.lienthong.gateway.civil.UnitCodeChecker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Vietnam's administrative units before and after the 1 July 2025 reform, with the old-to-new ward mapping.
 * Immutable once built, so one instance is shared by every thread.
 */
public final class AdminUnitCatalog implements UnitCodeChecker {

    static final String CURRENT_CSV = "/catalog/admin-units-2025.csv";
    static final String PRE_REFORM_CSV = "/catalog/admin-units-pre2025.csv";
    static final String MAPPING_CSV = "/catalog/admin-units-2025-mapping.csv";

    // Common short forms that are not derivable by folding.
    private static final Map<String, String> PROVINCE_ALIASES = Map.of(
            "hcm", "ho chi minh", "tphcm", "ho chi minh", "tp hcm", "ho chi minh", "sai gon", "ho chi minh",
            "thua thien hue", "hue");

    private final Map<String, Province> currentProvinces;
    private final Map<String, Province> preProvinces;
    private final Map<String, District> preDistricts;
    private final Map<String, Ward> currentWards;
    private final Map<String, Ward> preWards;
    private final Map<String, List<Ward>> successors;

    private final Map<String, List<Province>> currentProvincesByKey;
    private final Map<String, List<Province>> preProvincesByKey;
    private final Map<String, Map<String, List<District>>> districtsByProvinceAndKey;
    private final Map<String, Map<String, List<Ward>>> wardsByDistrictAndKey;
    private final Map<String, Map<String, List<Ward>>> preWardsByProvinceAndKey;
    private final Map<String, Map<String, List<Ward>>> currentWardsByProvinceAndKey;

    private static final class Holder {
        static final AdminUnitCatalog DEFAULT = load();
    }

    /** The catalogue bundled on the classpath, loaded once. */
    public static AdminUnitCatalog loadDefault() {
        return Holder.DEFAULT;
    }

    /** Loads a fresh copy from the classpath (tests; production code uses {@link #loadDefault()}). */
    public static AdminUnitCatalog load() {
        try {
            return new AdminUnitCatalog(readCsv(CURRENT_CSV), readCsv(PRE_REFORM_CSV), readCsv(MAPPING_CSV));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read administrative unit catalogue", e);
        }
    }

    AdminUnitCatalog(List<Map<String, String>> currentRows, List<Map<String, String>> preRows,
                     List<Map<String, String>> mappingRows) {
        Map<String, Province> curProv = new LinkedHashMap<>();
        Map<String, Ward> curWard = new LinkedHashMap<>();
        for (Map<String, String> r : currentRows) {
            Province p = curProv.computeIfAbsent(r.get("province_code"),
                    code -> province(code, r.get("province_name"), r.get("province_type"), true, Era.CURRENT));
            String type = r.get("ward_type");
            String name = NameFolding.withType(r.get("ward_name"), type, true);
            curWard.put(r.get("ward_code"), new Ward(r.get("ward_code"), name, NameFolding.typeKey(type),
                    keyOf(name, type), p.code(), "", name + ", " + p.name(), Era.CURRENT));
        }

        Map<String, Province> preProv = new LinkedHashMap<>();
        Map<String, District> preDist = new LinkedHashMap<>();
        Map<String, Ward> preWard = new LinkedHashMap<>();
        for (Map<String, String> r : preRows) {
            Province p = preProv.computeIfAbsent(r.get("province_code"),
                    code -> province(code, r.get("province_name"), r.get("province_type"), false, Era.PRE_REFORM));
            District d = preDist.computeIfAbsent(r.get("district_code"), code -> {
                String type = r.get("district_type");
                String name = NameFolding.withType(r.get("district_name"), type, false);
                return new District(code, name, NameFolding.typeKey(type), keyOf(name, type), p.code());
            });
            String type = r.get("ward_type");
            String name = NameFolding.withType(r.get("ward_name"), type, false);
            preWard.put(r.get("ward_code"), new Ward(r.get("ward_code"), name, NameFolding.typeKey(type),
                    keyOf(name, type), p.code(), d.code(), name + ", " + d.name() + ", " + p.name(), Era.PRE_REFORM));
        }

        Map<String, List<Ward>> currentByFoldedName = curWard.values().stream()
                .collect(Collectors.groupingBy(w -> NameFolding.fold(w.name())));
        Map<String, LinkedHashSet<Ward>> succ = new LinkedHashMap<>();
        for (Map<String, String> r : mappingRows) {
            Ward target = successorOf(r, curWard, currentByFoldedName, preProv.get(r.get("old_province_code")), mappingRows);
            if (target != null) {
                succ.computeIfAbsent(r.get("old_ward_code"), k -> new LinkedHashSet<>()).add(target);
            }
        }

        currentProvinces = Map.copyOf(curProv);
        preProvinces = Map.copyOf(preProv);
        preDistricts = Map.copyOf(preDist);
        currentWards = Map.copyOf(curWard);
        preWards = Map.copyOf(preWard);
        successors = succ.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));

        currentProvincesByKey = provinceIndex(curProv.values());
        preProvincesByKey = provinceIndex(preProv.values());
        districtsByProvinceAndKey = nestedIndex(preDist.values(), District::provinceCode, District::key);
        wardsByDistrictAndKey = nestedIndex(preWard.values(), Ward::districtCode, Ward::key);
        preWardsByProvinceAndKey = nestedIndex(preWard.values(), Ward::provinceCode, Ward::key);
        currentWardsByProvinceAndKey = nestedIndex(curWard.values(), Ward::provinceCode, Ward::key);
    }

    // ---- UnitCodeChecker ----

    @Override
    public Optional<String> checkMaDonVi(String code, LocalDate registrationDate) {
        if (code == null || code.isBlank()) {
            return Optional.of("administrative unit code is empty");
        }
        if (registrationDate == null) {
            return Optional.of("registration date is missing: cannot tell which catalogue applies");
        }
        String c = code.trim();
        if (!isDigits(c) || (c.length() != 3 && c.length() != 5)) {
            return Optional.of("must be 3 or 5 digits");
        }
        if (Era.at(registrationDate) == Era.PRE_REFORM) {
            if (c.length() == 5 ? preWards.containsKey(c) : preDistricts.containsKey(c)) {
                return Optional.empty();
            }
            if (currentWards.containsKey(c)) {
                return Optional.of("current code " + c + " is not valid for a registration dated " + registrationDate
                        + " (before " + Era.REFORM_DATE + "); use the pre-reform ward or district code");
            }
            return Optional.of("unknown administrative unit code " + c + " (not in the pre-reform catalogue)");
        }
        if (c.length() == 3) {
            return Optional.of(preDistricts.containsKey(c)
                    ? "district code " + c + " is not valid for a registration dated " + registrationDate
                      + " (on or after " + Era.REFORM_DATE + ", when districts were abolished); use a current 5-digit ward code"
                    : "unknown administrative unit code " + c + "; on or after " + Era.REFORM_DATE
                      + " it must be a current 5-digit ward code");
        }
        if (currentWards.containsKey(c)) {
            return Optional.empty();
        }
        if (preWards.containsKey(c)) {
            return Optional.of("pre-reform code " + c + " is not valid for a registration dated " + registrationDate
                    + " (after " + Era.REFORM_DATE + "); " + successorHint(c));
        }
        return Optional.of("unknown administrative unit code " + c);
    }

    @Override
    public Optional<String> provinceOf(String code, LocalDate registrationDate) {
        if (code == null || registrationDate == null) {
            return Optional.empty();
        }
        String c = code.trim();
        if (Era.at(registrationDate) == Era.PRE_REFORM) {
            if (c.length() == 5) {
                return Optional.ofNullable(preWards.get(c)).map(Ward::provinceCode);
            }
            return Optional.ofNullable(preDistricts.get(c)).map(District::provinceCode);
        }
        return c.length() == 5 ? Optional.ofNullable(currentWards.get(c)).map(Ward::provinceCode) : Optional.empty();
    }

    // ---- lookups by code ----

    public Optional<Province> province(Era era, String code) {
        return Optional.ofNullable(code == null ? null : (era == Era.CURRENT ? currentProvinces : preProvinces).get(code));
    }

    public Optional<District> preReformDistrict(String code) {
        return Optional.ofNullable(code == null ? null : preDistricts.get(code));
    }

    public Optional<Ward> ward(Era era, String code) {
        return Optional.ofNullable(code == null ? null : (era == Era.CURRENT ? currentWards : preWards).get(code));
    }

    /** Current wards a pre-reform ward became, in mapping-file order; several when the ward was split. */
    public List<Ward> successorsOf(String oldWardCode) {
        return oldWardCode == null ? List.of() : successors.getOrDefault(oldWardCode, List.of());
    }

    /** "current codes: 00070, 00004" or a note that the mapping has none. */
    public String successorHint(String oldWardCode) {
        List<Ward> next = successorsOf(oldWardCode);
        if (next.isEmpty()) {
            return "the 2025 mapping lists no successor";
        }
        return "current codes: " + next.stream().map(Ward::code).collect(Collectors.joining(", "));
    }

    // ---- lookups by folded name key (see NameFolding) ----

    public List<Province> provincesByKey(Era era, String key) {
        String k = PROVINCE_ALIASES.getOrDefault(key, key);
        return (era == Era.CURRENT ? currentProvincesByKey : preProvincesByKey).getOrDefault(k, List.of());
    }

    public List<District> districtsByKey(String provinceCode, String key) {
        return districtsByProvinceAndKey.getOrDefault(provinceCode, Map.of()).getOrDefault(key, List.of());
    }

    public List<Ward> preReformWardsInDistrictByKey(String districtCode, String key) {
        return wardsByDistrictAndKey.getOrDefault(districtCode, Map.of()).getOrDefault(key, List.of());
    }

    public List<Ward> wardsInProvinceByKey(Era era, String provinceCode, String key) {
        var index = era == Era.CURRENT ? currentWardsByProvinceAndKey : preWardsByProvinceAndKey;
        return index.getOrDefault(provinceCode, Map.of()).getOrDefault(key, List.of());
    }

    public int size(Era era) {
        return era == Era.CURRENT ? currentWards.size() : preWards.size();
    }

    // ---- building ----

    private static Province province(String code, String rawName, String type, boolean carriesType, Era era) {
        String name = NameFolding.withType(rawName, type, carriesType);
        return new Province(code, name, NameFolding.typeKey(type), keyOf(name, type), era);
    }

    private static String keyOf(String nameWithType, String type) {
        return NameFolding.catalogueKey(nameWithType, type);
    }

    /**
     * The current ward a mapping row points to. Six rows lack the new province because the target changed again
     * after July 2025: their code is stale, so they are found by name, preferring the provinces other wards of the
     * same old province went to.
     */
    private static Ward successorOf(Map<String, String> row, Map<String, Ward> currentWards,
                                    Map<String, List<Ward>> currentByFoldedName, Province oldProvince,
                                    List<Map<String, String>> allRows) {
        String newProvince = row.get("new_province_code");
        Ward byCode = currentWards.get(row.get("new_ward_code"));
        if (newProvince != null && !newProvince.isEmpty() && byCode != null && byCode.provinceCode().equals(newProvince)) {
            return byCode;
        }
        List<Ward> byName = currentByFoldedName.getOrDefault(NameFolding.fold(row.get("new_ward_name")), List.of());
        if (byName.size() > 1 && oldProvince != null) {
            var targetProvinces = allRows.stream()
                    .filter(r -> oldProvince.code().equals(r.get("old_province_code")))
                    .map(r -> r.get("new_province_code")).filter(p -> p != null && !p.isEmpty())
                    .collect(Collectors.toSet());
            byName = byName.stream().filter(w -> targetProvinces.contains(w.provinceCode())).toList();
        }
        return byName.size() == 1 ? byName.get(0) : null;
    }

    private static Map<String, List<Province>> provinceIndex(Collection<Province> provinces) {
        return freeze(provinces.stream().collect(Collectors.groupingBy(Province::key, HashMap::new, Collectors.toList())));
    }

    private static <T> Map<String, Map<String, List<T>>> nestedIndex(Collection<T> units, Function<T, String> outer,
                                                                    Function<T, String> key) {
        Map<String, Map<String, List<T>>> index = new HashMap<>();
        for (T u : units) {
            index.computeIfAbsent(outer.apply(u), k -> new HashMap<>())
                    .computeIfAbsent(key.apply(u), k -> new ArrayList<>()).add(u);
        }
        return index.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> freeze(e.getValue())));
    }

    private static <T> Map<String, List<T>> freeze(Map<String, List<T>> map) {
        return map.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    /** Rows as column-name maps; read as plain arrays first because that is several times faster than binding maps. */
    private static List<Map<String, String>> readCsv(String resource) throws IOException {
        try (InputStream in = AdminUnitCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing classpath resource " + resource);
            }
            CsvMapper mapper = new CsvMapper();
            mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
            mapper.enable(CsvParser.Feature.TRIM_SPACES);
            try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(in)) {
                if (!it.hasNext()) {
                    throw new IOException("empty catalogue " + resource);
                }
                String[] header = it.next();
                List<Map<String, String>> rows = new ArrayList<>(16_384);
                while (it.hasNext()) {
                    String[] cells = it.next();
                    Map<String, String> row = new HashMap<>(header.length * 2);
                    for (int i = 0; i < header.length; i++) {
                        row.put(header[i].replace("\uFEFF", "").trim(), i < cells.length ? cells[i].trim() : "");
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
