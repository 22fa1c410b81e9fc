package vn.lienthong.gateway.catalog;

import vn.lienthong.gateway.catalog.NameFolding.Level;
import vn.lienthong.gateway.catalog.NameFolding.NameQuery;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the administrative units of a flat address from its end: province, then (pre-reform) district, then ward.
 * Finds every unit the text could mean; choosing among several is the caller's business, never ours.
 */
final class FlatAddressResolver {

    /** What the unit part of an address resolved to, or why it did not. */
    record Resolution(List<Ward> wards, int firstUnitSegment, Set<String> unitKeys, String problem) {
        static Resolution failed(String problem) {
            return new Resolution(List.of(), -1, Set.of(), problem);
        }

        boolean ok() {
            return problem == null;
        }
    }

    private record Hit<T>(AddressText.Span span, List<T> units) {
    }

    private final AdminUnitCatalog catalog;

    FlatAddressResolver(AdminUnitCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Units of {@code text} in the catalogue valid on {@code date}: before the reform the three-tier units that
     * existed that day; from the reform on the current ones, with old unit names (as they stood on the last
     * three-tier day) mapped forward.
     */
    Resolution resolve(AddressText text, LocalDate date) {
        Era era = Era.at(date);
        LocalDate oldDay = Era.preReformDay(date);
        int n = text.size();
        if (n == 0) {
            return Resolution.failed("no recognizable province in the address");
        }
        Hit<Province> current = era == Era.CURRENT ? longestMatch(text, n, f -> provinces(Era.CURRENT, f)) : null;
        Hit<Province> old = longestMatch(text, n, f -> oldProvinces(oldDay, f));
        if (current == null && old == null) {
            return Resolution.failed("no recognizable province in '" + clip(text.get(n - 1).text()) + "'");
        }
        List<Province> currentProvinces = current == null ? List.of() : current.units();
        List<Province> oldProvinces = old == null ? List.of() : old.units();
        int currentEnd = current == null ? -1 : current.span().first();
        int oldEnd = old == null ? -1 : old.span().first();

        String firstProblem = null;
        // Strict pass honours the unit type the text wrote ("Phường Tân An" is not "Xã Tân An"); the relaxed pass
        // forgives a wrong or outdated type when nothing else matched.
        for (boolean strict : new boolean[] {true, false}) {
            Resolution r;
            if (!oldProvinces.isEmpty()) {
                r = viaDistrict(text, oldEnd, oldProvinces, oldDay, era, strict);
                if (r != null && r.ok()) {
                    return r;
                }
                if (r != null && firstProblem == null) {
                    firstProblem = r.problem();
                }
            }
            if (!currentProvinces.isEmpty()) {
                r = wardInProvinces(text, currentEnd, currentProvinces, Era.CURRENT, oldDay, era, strict);
                if (r.ok()) {
                    return r;
                }
            }
            if (!oldProvinces.isEmpty()) {
                r = wardInProvinces(text, oldEnd, oldProvinces, Era.PRE_REFORM, oldDay, era, strict);
                if (r.ok()) {
                    return r;
                }
            }
        }
        if (firstProblem != null) {
            return Resolution.failed(firstProblem);
        }
        int end = !currentProvinces.isEmpty() ? currentEnd : oldEnd;
        String where = "province " + describe(currentProvinces, oldProvinces);
        if (end <= 0) {
            return Resolution.failed("no ward or commune given before " + where);
        }
        return Resolution.failed("ward '" + clip(text.get(end - 1).text()) + "' not found in " + where);
    }

    /** Pre-reform 3-tier reading: "ward, district, province"; null when the text names no district. */
    private Resolution viaDistrict(AddressText text, int end, List<Province> provinces, LocalDate oldDay, Era target,
                                   boolean strict) {
        Hit<District> district = longestMatch(text, end, f -> districts(provinces, oldDay, f, strict));
        if (district == null) {
            return null;
        }
        int wardEnd = district.span().first();
        String where = "district " + district.units().stream()
                .map(d -> d.code() + " (" + d.name() + ", " + provinceName(oldDay, d.provinceCode()) + ")")
                .collect(Collectors.joining(" or "));
        if (wardEnd == 0) {
            return Resolution.failed("no ward or commune given before " + where);
        }
        Hit<Ward> ward = longestMatch(text, wardEnd, f -> wardsInDistricts(district.units(), oldDay, f, strict));
        if (ward == null) {
            return Resolution.failed("ward '" + clip(text.get(wardEnd - 1).text()) + "' not found in " + where);
        }
        Set<String> keys = new LinkedHashSet<>();
        provinces.forEach(p -> keys.add(p.key()));
        district.units().forEach(d -> keys.add(d.key()));
        return finish(ward, Era.PRE_REFORM, target, keys);
    }

    /** Reading without a district: "ward, province" (2-tier current, or an old address that skipped its district). */
    private Resolution wardInProvinces(AddressText text, int end, List<Province> provinces, Era catalogue,
                                       LocalDate oldDay, Era target, boolean strict) {
        if (end <= 0) {
            return Resolution.failed("no ward");
        }
        Hit<Ward> ward = longestMatch(text, end, f -> wardsInProvinces(provinces, catalogue, oldDay, f, strict));
        if (ward == null) {
            return Resolution.failed("no ward");
        }
        Set<String> keys = new LinkedHashSet<>();
        provinces.forEach(p -> keys.add(p.key()));
        return finish(ward, catalogue, target, keys);
    }

    private Resolution finish(Hit<Ward> ward, Era found, Era target, Set<String> keys) {
        List<Ward> wards = ward.units();
        wards.forEach(w -> keys.add(w.key()));
        if (found != target) {
            Set<Ward> next = new LinkedHashSet<>();
            for (Ward old : wards) {
                next.addAll(catalog.successorsOf(old.code()));
            }
            if (next.isEmpty()) {
                return Resolution.failed("pre-reform ward " + wards.stream().map(w -> w.code() + " (" + w.label() + ")")
                        .collect(Collectors.joining(" / ")) + " has no successor in the 2025 mapping");
            }
            next.forEach(w -> keys.add(w.key()));
            wards = List.copyOf(next);
        }
        return new Resolution(wards, ward.span().first(), Set.copyOf(keys), null);
    }

    // ---- matching ----

    /** The longest span ending just before {@code end} that names at least one unit. */
    private static <T> Hit<T> longestMatch(AddressText text, int end, Function<String, List<T>> lookup) {
        for (int length = Math.min(AddressText.MAX_SPAN, end); length >= 1; length--) {
            AddressText.Span span = text.span(end - length, end);
            if (span == null) {
                continue;
            }
            List<T> units = lookup.apply(span.folded());
            if (!units.isEmpty()) {
                return new Hit<>(span, units);
            }
        }
        return null;
    }

    private List<Province> provinces(Era era, String folded) {
        return collect(folded, Level.PROVINCE, true, q -> catalog.provincesByKey(era, q.key()), (q, p) -> true);
    }

    private List<Province> oldProvinces(LocalDate day, String folded) {
        return collect(folded, Level.PROVINCE, true, q -> catalog.preReformProvincesByKey(day, q.key()), (q, p) -> true);
    }

    private List<District> districts(List<Province> provinces, LocalDate day, String folded, boolean strict) {
        return collect(folded, Level.DISTRICT, strict,
                q -> provinces.stream().flatMap(p -> catalog.preReformDistrictsByKey(day, p.code(), q.key()).stream()).toList(),
                (q, d) -> q.typeAccepts(d.typeKey()));
    }

    private List<Ward> wardsInDistricts(List<District> districts, LocalDate day, String folded, boolean strict) {
        return collect(folded, Level.WARD, strict,
                q -> districts.stream().flatMap(d -> catalog.preReformWardsInDistrictByKey(day, d.code(), q.key()).stream()).toList(),
                (q, w) -> q.typeAccepts(w.typeKey()));
    }

    private List<Ward> wardsInProvinces(List<Province> provinces, Era era, LocalDate day, String folded, boolean strict) {
        return collect(folded, Level.WARD, strict,
                q -> provinces.stream().flatMap(p -> (era == Era.CURRENT
                        ? catalog.wardsInProvinceByKey(Era.CURRENT, p.code(), q.key())
                        : catalog.preReformWardsInProvinceByKey(day, p.code(), q.key())).stream()).toList(),
                (q, w) -> q.typeAccepts(w.typeKey()));
    }

    /** Union, in order, of the units every reading of {@code folded} names. */
    private static <T> List<T> collect(String folded, Level level, boolean strict, Function<NameQuery, List<T>> lookup,
                                       BiFunction<NameQuery, T, Boolean> typeOk) {
        Set<T> out = new LinkedHashSet<>();
        for (NameQuery q : NameFolding.interpretations(folded, level)) {
            for (T unit : lookup.apply(q)) {
                if (!strict || typeOk.apply(q, unit)) {
                    out.add(unit);
                }
            }
        }
        return out.isEmpty() ? List.of() : new ArrayList<>(out);
    }

    private String provinceName(LocalDate day, String code) {
        return catalog.preReformProvince(day, code).map(Province::name).orElse(code);
    }

    private static String describe(Collection<Province> current, Collection<Province> old) {
        List<String> parts = new ArrayList<>();
        current.forEach(p -> parts.add(p.code() + " (" + p.name() + ")"));
        for (Province p : old) {
            boolean same = current.stream().anyMatch(c -> c.code().equals(p.code()) && c.key().equals(p.key()));
            if (!same) {
                parts.add(p.code() + " (" + p.name() + (current.isEmpty() ? "" : ", pre-reform") + ")");
            }
        }
        return String.join(" or ", parts);
    }

    static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
