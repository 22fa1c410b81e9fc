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
    /** Every three-tier ward version 2004-2025 with its validity; its open rows are the March 2025 snapshot. */
    static final String HISTORY_CSV = "/catalog/admin-units-history.csv";
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
    private final Map<String, List<Ward>> predecessors;
    private final UnitHistory history;

    private final Map<String, List<Province>> currentProvincesByKey;
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
            return new AdminUnitCatalog(readCsv(CURRENT_CSV), readCsv(HISTORY_CSV), readCsv(MAPPING_CSV));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read administrative unit catalogue", e);
        }
    }

    AdminUnitCatalog(List<Map<String, String>> currentRows, List<Map<String, String>> historyRows,
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

        history = new UnitHistory(historyRows);
        // The three tiers as they stood on their last day: what pre-reform codes mean after the reform.
        Map<String, Province> preProv = history.snapshot(UnitHistory.Level.PROVINCE, Era.LAST_PRE_REFORM_DAY);
        Map<String, District> preDist = history.snapshot(UnitHistory.Level.DISTRICT, Era.LAST_PRE_REFORM_DAY);
        Map<String, Ward> preWard = history.snapshot(UnitHistory.Level.WARD, Era.LAST_PRE_REFORM_DAY);

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
        Map<String, List<Ward>> pred = new HashMap<>();
        succ.forEach((old, next) -> next.forEach(w -> {
            Ward o = preWard.get(old);
            if (o != null) {
                pred.computeIfAbsent(w.code(), k -> new ArrayList<>()).add(o);
            }
        }));
        predecessors = freeze(pred);

        currentProvincesByKey = provinceIndex(curProv.values());
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
        UnitHistory.Level level = c.length() == 5 ? UnitHistory.Level.WARD : UnitHistory.Level.DISTRICT;
        if (Era.at(registrationDate) == Era.PRE_REFORM) {
            // The catalogue version of the registration date, over the whole 2004-2025 history.
            if (c.length() == 5 ? history.ward(c, registrationDate).isPresent()
                    : history.district(c, registrationDate).isPresent()) {
                return Optional.empty();
            }
            Optional<String> period = history.notValidOn(level, c, registrationDate);
            if (period.isPresent()) {
                return Optional.of(period.get() + " (the catalogue of the registration date)");
            }
            if (currentWards.containsKey(c)) {
                return Optional.of("current code " + c + " is not valid for a registration dated " + registrationDate
                        + " (before " + Era.REFORM_DATE + "); use the pre-reform ward or district code");
            }
            return Optional.of("unknown administrative unit code " + c + " (in no catalogue since 2004)");
        }
        if (c.length() == 3) {
            return Optional.of(preDistricts.containsKey(c) || history.notValidOn(level, c, registrationDate).isPresent()
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
        Optional<String> period = history.notValidOn(level, c, registrationDate);
        if (period.isPresent()) {
            return Optional.of(period.get() + "; on or after " + Era.REFORM_DATE + " use a current 5-digit ward code");
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
                return history.ward(c, registrationDate).map(Ward::provinceCode);
            }
            return history.district(c, registrationDate).map(District::provinceCode);
        }
        return c.length() == 5 ? Optional.ofNullable(currentWards.get(c)).map(Ward::provinceCode) : Optional.empty();
    }

    // ---- the three-tier catalogue valid on a day before the reform (see Era#preReformDay) ----

    public Optional<Province> preReformProvince(LocalDate day, String code) {
        return code == null ? Optional.empty() : history.province(code, day);
    }

    public Optional<District> preReformDistrict(LocalDate day, String code) {
        return code == null ? Optional.empty() : history.district(code, day);
    }

    public Optional<Ward> preReformWard(LocalDate day, String code) {
        return code == null ? Optional.empty() : history.ward(code, day);
    }

    /** Why a three-tier code the history knows is not valid on {@code day} ("... was valid until 2024-12-31 ..."). */
    public Optional<String> preReformPeriodNote(String code, LocalDate day) {
        if (code == null) {
            return Optional.empty();
        }
        UnitHistory.Level level = switch (code.length()) {
            case 2 -> UnitHistory.Level.PROVINCE;
            case 3 -> UnitHistory.Level.DISTRICT;
            default -> UnitHistory.Level.WARD;
        };
        return history.notValidOn(level, code, day);
    }

    public List<Province> preReformProvincesByKey(LocalDate day, String key) {
        String alias = PROVINCE_ALIASES.get(key);
        List<Province> found = history.provincesByKey(key, day);
        if (alias == null) {
            return found;
        }
        // An alias may name the province's newer name ("thua thien hue" became "hue" in 2025): try both.
        List<Province> both = new ArrayList<>(found);
        history.provincesByKey(alias, day).stream().filter(p -> !both.contains(p)).forEach(both::add);
        return both;
    }

    public List<District> preReformDistrictsByKey(LocalDate day, String provinceCode, String key) {
        return history.districtsByKey(provinceCode, key, day);
    }

    public List<Ward> preReformWardsInDistrictByKey(LocalDate day, String districtCode, String key) {
        return history.wardsInDistrictByKey(districtCode, key, day);
    }

    public List<Ward> preReformWardsInProvinceByKey(LocalDate day, String provinceCode, String key) {
        return history.wardsInProvinceByKey(provinceCode, key, day);
    }

    /** Rows of the validity history loaded (information for operators and the footprint test). */
    public int historyRows() {
        return history.rows();
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

    /** Pre-reform wards (as on the last three-tier day) that became current ward {@code currentWardCode}. */
    public List<Ward> predecessorsOf(String currentWardCode) {
        return currentWardCode == null ? List.of() : predecessors.getOrDefault(currentWardCode, List.of());
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
        if (era == Era.PRE_REFORM) {
            return preReformProvincesByKey(Era.LAST_PRE_REFORM_DAY, key);
        }
        return currentProvincesByKey.getOrDefault(PROVINCE_ALIASES.getOrDefault(key, key), List.of());
    }

    public List<District> districtsByKey(String provinceCode, String key) {
        return preReformDistrictsByKey(Era.LAST_PRE_REFORM_DAY, provinceCode, key);
    }

    public List<Ward> preReformWardsInDistrictByKey(String districtCode, String key) {
        return preReformWardsInDistrictByKey(Era.LAST_PRE_REFORM_DAY, districtCode, key);
    }

    public List<Ward> wardsInProvinceByKey(Era era, String provinceCode, String key) {
        if (era == Era.PRE_REFORM) {
            return preReformWardsInProvinceByKey(Era.LAST_PRE_REFORM_DAY, provinceCode, key);
        }
        return currentWardsByProvinceAndKey.getOrDefault(provinceCode, Map.of()).getOrDefault(key, List.of());
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
