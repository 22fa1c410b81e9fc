package vn.lienthong.gateway.catalog;

import vn.lienthong.gateway.civil.AddressOutcome;
import vn.lienthong.gateway.civil.PmhtAddress;
import vn.lienthong.gateway.civil.Problem;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Validates an address that already arrives as PMHT codes {maTinh, maHuyen, maXa, dcChiTiet}. */
final class PmhtCodeCheck {

    private final AdminUnitCatalog catalog;

    PmhtCodeCheck(AdminUnitCatalog catalog) {
        this.catalog = catalog;
    }

    AddressOutcome check(String field, Map<?, ?> raw, LocalDate date) {
        List<Problem> problems = new ArrayList<>();
        String maTinh = code(raw, "maTinh", field, problems);
        String maHuyen = code(raw, "maHuyen", field, problems);
        String maXa = code(raw, "maXa", field, problems);
        String detail = text(raw.get(findKey(raw, "dcChiTiet")));
        if (!problems.isEmpty()) {
            return new AddressOutcome.Invalid(List.copyOf(problems));
        }
        Era era = Era.at(date);
        Province province = province(field, maTinh, date, problems);
        Ward ward = ward(field, maXa, date, problems);
        if (province != null && ward != null && !ward.provinceCode().equals(province.code())) {
            problems.add(new Problem(field + ".maXa", "ward " + maXa + " (" + ward.label() + ") is not in province "
                    + province.code() + " (" + province.name() + ")"));
        }
        if (era == Era.CURRENT) {
            if (!maHuyen.isEmpty()) {
                problems.add(new Problem(field + ".maHuyen", "must be empty on or after " + Era.REFORM_DATE
                        + " (districts were abolished), got " + maHuyen));
            }
        } else if (maHuyen.isEmpty()) {
            problems.add(new Problem(field + ".maHuyen", "is required before " + Era.REFORM_DATE
                    + (ward == null ? "" : " (the ward's district is " + ward.districtCode() + ")")));
        } else if (!digits(maHuyen, 3)) {
            problems.add(new Problem(field + ".maHuyen", "must be 3 digits, got '" + maHuyen + "'"));
        } else if (ward != null && !ward.districtCode().equals(maHuyen)) {
            String districtName = catalog.preReformDistrict(date, ward.districtCode()).map(District::name).orElse("");
            problems.add(new Problem(field + ".maHuyen", "must be the ward's district " + ward.districtCode() + " ("
                    + districtName + "), got " + maHuyen));
        }
        if (!problems.isEmpty()) {
            return new AddressOutcome.Invalid(List.copyOf(problems));
        }
        return new AddressOutcome.Resolved(new PmhtAddress(maTinh, era == Era.CURRENT ? "" : maHuyen, maXa, detail));
    }

    private Province province(String field, String maTinh, LocalDate date, List<Problem> problems) {
        Era era = Era.at(date);
        String f = field + ".maTinh";
        if (maTinh.isEmpty()) {
            problems.add(new Problem(f, "is required"));
            return null;
        }
        if (!digits(maTinh, 2)) {
            problems.add(new Problem(f, "must be 2 digits, got '" + maTinh + "'"));
            return null;
        }
        Optional<Province> p = era == Era.CURRENT ? catalog.province(era, maTinh) : catalog.preReformProvince(date, maTinh);
        if (p.isPresent()) {
            return p.get();
        }
        Optional<String> period = era == Era.CURRENT ? Optional.empty() : catalog.preReformPeriodNote(maTinh, date);
        if (era == Era.CURRENT && catalog.province(Era.PRE_REFORM, maTinh).isPresent()) {
            problems.add(new Problem(f, "pre-reform province code " + maTinh + " is not valid after " + Era.REFORM_DATE));
        } else if (period.isPresent()) {
            problems.add(new Problem(f, period.get()));
        } else {
            problems.add(new Problem(f, "unknown province code " + maTinh
                    + (era == Era.CURRENT ? "" : " (not in the pre-reform catalogue)")));
        }
        return null;
    }

    private Ward ward(String field, String maXa, LocalDate date, List<Problem> problems) {
        Era era = Era.at(date);
        String f = field + ".maXa";
        if (maXa.isEmpty()) {
            problems.add(new Problem(f, "is required"));
            return null;
        }
        if (!digits(maXa, 5)) {
            problems.add(new Problem(f, "must be 5 digits, got '" + maXa + "'"));
            return null;
        }
        Optional<Ward> w = era == Era.CURRENT ? catalog.ward(era, maXa) : catalog.preReformWard(date, maXa);
        if (w.isPresent()) {
            return w.get();
        }
        // A three-tier code known to the 2004-2025 history but not valid on this date names its period.
        Optional<String> period = catalog.ward(Era.PRE_REFORM, maXa).isPresent() && era == Era.CURRENT
                ? Optional.empty() : catalog.preReformPeriodNote(maXa, date);
        if (period.isPresent()) {
            problems.add(new Problem(f, period.get()));
        } else if (era == Era.CURRENT && catalog.ward(Era.PRE_REFORM, maXa).isPresent()) {
            problems.add(new Problem(f, "pre-reform ward code " + maXa + " is not valid after " + Era.REFORM_DATE
                    + "; " + catalog.successorHint(maXa)));
        } else if (era == Era.PRE_REFORM && catalog.ward(Era.CURRENT, maXa).isPresent()) {
            problems.add(new Problem(f, "current ward code " + maXa + " is not valid before " + Era.REFORM_DATE));
        } else {
            problems.add(new Problem(f, "unknown ward code " + maXa));
        }
        return null;
    }

    /** A code as text; numbers are accepted as text but keep no lost zeros, so "1" fails the length check. */
    private static String code(Map<?, ?> raw, String key, String field, List<Problem> problems) {
        Object v = raw.get(findKey(raw, key));
        if (v instanceof Map<?, ?> || v instanceof Iterable<?>) {
            problems.add(new Problem(field + "." + key, "must be a text code"));
            return "";
        }
        return text(v);
    }

    private static String text(Object v) {
        return v == null ? "" : v.toString().trim();
    }

    /** The map's own key for {@code name}, tolerating case differences ("MaXa"). */
    private static Object findKey(Map<?, ?> raw, String name) {
        if (raw.containsKey(name)) {
            return name;
        }
        for (Object k : raw.keySet()) {
            if (k != null && k.toString().trim().equalsIgnoreCase(name)) {
                return k;
            }
        }
        return name;
    }

    private static boolean digits(String s, int length) {
        return s.length() == length && AdminUnitCatalog.isDigits(s);
    }
}
