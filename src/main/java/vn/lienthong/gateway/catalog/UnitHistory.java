package vn.lienthong.gateway.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The three-tier catalogue over its whole life (2004-08-31 to 2025-06-30): every version of every ward, with the
 * districts and provinces those versions name, each with the periods it was valid. Built from
 * admin-units-history.csv; a unit is valid on D when one of its periods has from <= D < to.
 */
final class UnitHistory {

    /** [from, to): to is exclusive, the reform day for rows still open when the three tiers ended. */
    record Period(LocalDate from, LocalDate to) {
        boolean contains(LocalDate d) {
            return !d.isBefore(from) && d.isBefore(to);
        }

        LocalDate lastDay() {
            return to.minusDays(1);
        }
    }

    /** One version of a unit and the periods it was valid. */
    record Dated<T>(T unit, List<Period> periods) {
        boolean validOn(LocalDate d) {
            for (Period p : periods) {
                if (p.contains(d)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final List<String> DISTRICT_TYPES = List.of("Quận", "Huyện", "Thị xã", "Thành phố");

    private final Map<String, List<Dated<Ward>>> wardsByCode;
    private final Map<String, List<Dated<District>>> districtsByCode;
    private final Map<String, List<Dated<Province>>> provincesByCode;
    private final Map<String, List<Dated<Province>>> provincesByKey;
    private final Map<String, Map<String, List<Dated<District>>>> districtsByProvinceAndKey;
    private final Map<String, Map<String, List<Dated<Ward>>>> wardsByDistrictAndKey;
    private final Map<String, Map<String, List<Dated<Ward>>>> wardsByProvinceAndKey;
    private final int rows;

    UnitHistory(List<Map<String, String>> historyRows) {
        // Dates repeat (214 effective dates); sharing them keeps 15,000 periods small.
        Map<String, LocalDate> dates = new HashMap<>();
        Function<String, LocalDate> date = s -> dates.computeIfAbsent(s, LocalDate::parse);
        Map<Province, List<Period>> prov = new LinkedHashMap<>();
        Map<District, List<Period>> dist = new LinkedHashMap<>();
        Map<Ward, List<Period>> ward = new LinkedHashMap<>();
        Map<String, Province> provinceOf = new HashMap<>();
        Map<String, District> districtOf = new HashMap<>();
        Map<String, String[]> wardNames = new HashMap<>();
        for (Map<String, String> r : historyRows) {
            String to = r.get("valid_to");
            Period period = new Period(date.apply(r.get("valid_from")),
                    to == null || to.isEmpty() ? Era.REFORM_DATE : date.apply(to));
            String pName = r.get("province_name");
            Province p = provinceOf.computeIfAbsent(r.get("province_code") + "|" + pName, k -> {
                String type = pName.startsWith("Thành phố ") ? "Thành phố" : "Tỉnh";
                String name = NameFolding.withType(pName, type, true);
                return new Province(r.get("province_code"), name, NameFolding.typeKey(type),
                        NameFolding.catalogueKey(name, type), Era.PRE_REFORM);
            });
            String dName = r.get("district_name");
            District d = districtOf.computeIfAbsent(r.get("district_code") + "|" + dName + "|" + p.code(), k -> {
                String type = DISTRICT_TYPES.stream().filter(t -> NameFolding.fold(dName).startsWith(NameFolding.fold(t) + " "))
                        .findFirst().orElse("");
                String name = NameFolding.withType(dName, type, true);
                return new District(r.get("district_code"), name, NameFolding.typeKey(type),
                        NameFolding.catalogueKey(name, type), p.code());
            });
            String type = r.get("ward_type");
            // Most names recur across versions; folding each distinct one once keeps loading cheap.
            String[] nameAndKey = wardNames.computeIfAbsent(r.get("ward_name") + "|" + type, k -> {
                String n = NameFolding.withType(r.get("ward_name"), type, true);
                return new String[] {n, NameFolding.catalogueKey(n, type)};
            });
            String name = nameAndKey[0];
            Ward w = new Ward(r.get("ward_code"), name, NameFolding.typeKey(type), nameAndKey[1],
                    p.code(), d.code(), name + ", " + d.name() + ", " + p.name(), Era.PRE_REFORM);
            prov.computeIfAbsent(p, k -> new ArrayList<>()).add(period);
            dist.computeIfAbsent(d, k -> new ArrayList<>()).add(period);
            ward.computeIfAbsent(w, k -> new ArrayList<>()).add(period);
        }
        rows = historyRows.size();
        List<Dated<Province>> provinces = dated(prov);
        List<Dated<District>> districts = dated(dist);
        List<Dated<Ward>> wards = dated(ward);
        wardsByCode = index(wards, w -> w.unit().code());
        districtsByCode = index(districts, d -> d.unit().code());
        provincesByCode = index(provinces, p -> p.unit().code());
        provincesByKey = index(provinces, p -> p.unit().key());
        districtsByProvinceAndKey = nested(districts, d -> d.unit().provinceCode(), d -> d.unit().key());
        wardsByDistrictAndKey = nested(wards, w -> w.unit().districtCode(), w -> w.unit().key());
        wardsByProvinceAndKey = nested(wards, w -> w.unit().provinceCode(), w -> w.unit().key());
    }

    int rows() {
        return rows;
    }

    Optional<Ward> ward(String code, LocalDate day) {
        return at(wardsByCode.get(code), day);
    }

    Optional<District> district(String code, LocalDate day) {
        return at(districtsByCode.get(code), day);
    }

    Optional<Province> province(String code, LocalDate day) {
        return at(provincesByCode.get(code), day);
    }

    List<Province> provincesByKey(String key, LocalDate day) {
        return all(provincesByKey.get(key), day);
    }

    List<District> districtsByKey(String provinceCode, String key, LocalDate day) {
        return all(districtsByProvinceAndKey.getOrDefault(provinceCode, Map.of()).get(key), day);
    }

    List<Ward> wardsInDistrictByKey(String districtCode, String key, LocalDate day) {
        return all(wardsByDistrictAndKey.getOrDefault(districtCode, Map.of()).get(key), day);
    }

    List<Ward> wardsInProvinceByKey(String provinceCode, String key, LocalDate day) {
        return all(wardsByProvinceAndKey.getOrDefault(provinceCode, Map.of()).get(key), day);
    }

    /** Every unit valid on {@code day}, by code (the snapshot of that day). */
    <T> Map<String, T> snapshot(Level level, LocalDate day) {
        Map<String, ? extends List<? extends Dated<?>>> byCode = switch (level) {
            case WARD -> wardsByCode;
            case DISTRICT -> districtsByCode;
            case PROVINCE -> provincesByCode;
        };
        Map<String, T> out = new HashMap<>();
        byCode.forEach((code, versions) -> {
            @SuppressWarnings("unchecked")
            Optional<T> u = at((List<Dated<T>>) versions, day);
            u.ifPresent(unit -> out.put(code, unit));
        });
        return Map.copyOf(out);
    }

    enum Level { WARD, DISTRICT, PROVINCE }

    /**
     * Why a code that the history knows is not valid on {@code day}, e.g. "ward code 07219 was valid until
     * 2024-12-31 (Phường Lê Lợi, ...)"; empty when the history never had the code or it is valid that day.
     */
    Optional<String> notValidOn(Level level, String code, LocalDate day) {
        List<? extends Dated<?>> versions = switch (level) {
            case WARD -> wardsByCode.get(code);
            case DISTRICT -> districtsByCode.get(code);
            case PROVINCE -> provincesByCode.get(code);
        };
        if (versions == null || versions.stream().anyMatch(v -> v.validOn(day))) {
            return Optional.empty();
        }
        List<Period> periods = merge(versions.stream().flatMap(v -> v.periods().stream()).toList());
        Dated<?> last = versions.stream()
                .max((a, b) -> a.periods().get(a.periods().size() - 1).to().compareTo(b.periods().get(b.periods().size() - 1).to()))
                .orElseThrow();
        String what = level.name().toLowerCase(java.util.Locale.ROOT) + " code " + code;
        Period first = periods.get(0);
        Period end = periods.get(periods.size() - 1);
        String when;
        if (!day.isBefore(end.to())) {
            when = " was valid until " + end.lastDay();
        } else if (day.isBefore(first.from())) {
            when = " is valid only from " + first.from();
        } else {
            when = " was valid only " + periods.stream().map(p -> p.from() + " to " + p.lastDay())
                    .collect(Collectors.joining(" and "));
        }
        return Optional.of(what + when + " (" + label(last.unit()) + "), not on " + day);
    }

    private static String label(Object unit) {
        if (unit instanceof Ward w) {
            return w.label();
        }
        if (unit instanceof District d) {
            return d.name();
        }
        return ((Province) unit).name();
    }

    private static <T> Optional<T> at(List<Dated<T>> versions, LocalDate day) {
        if (versions != null) {
            for (Dated<T> v : versions) {
                if (v.validOn(day)) {
                    return Optional.of(v.unit());
                }
            }
        }
        return Optional.empty();
    }

    private static <T> List<T> all(List<Dated<T>> versions, LocalDate day) {
        if (versions == null) {
            return List.of();
        }
        List<T> out = new ArrayList<>(versions.size());
        for (Dated<T> v : versions) {
            if (v.validOn(day)) {
                out.add(v.unit());
            }
        }
        return java.util.Collections.unmodifiableList(out);
    }

    private static <T> List<Dated<T>> dated(Map<T, List<Period>> periods) {
        List<Dated<T>> out = new ArrayList<>(periods.size());
        periods.forEach((unit, ps) -> out.add(new Dated<>(unit, merge(ps))));
        return out;
    }

    /** Sorted, with touching or overlapping periods joined. */
    static List<Period> merge(Collection<Period> periods) {
        List<Period> sorted = new ArrayList<>(periods);
        sorted.sort((a, b) -> a.from().compareTo(b.from()));
        List<Period> out = new ArrayList<>(sorted.size());
        for (Period p : sorted) {
            Period last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && !p.from().isAfter(last.to())) {
                if (p.to().isAfter(last.to())) {
                    out.set(out.size() - 1, new Period(last.from(), p.to()));
                }
            } else {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    private static <T> Map<String, List<T>> index(Collection<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.groupingBy(key, HashMap::new, Collectors.toList()))
                .entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    private static <T> Map<String, Map<String, List<T>>> nested(Collection<T> items, Function<T, String> outer,
                                                               Function<T, String> key) {
        return items.stream().collect(Collectors.groupingBy(outer, HashMap::new, Collectors.toList()))
                .entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> index(e.getValue(), key)));
    }
}
