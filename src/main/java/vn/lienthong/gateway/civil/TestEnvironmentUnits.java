package vn.lienthong.gateway.civil;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The units of the Ministry's test environment (seed 000: ward 07219, district 213 of Bắc Giang) are accounts of
 * PMHT's test system, not units that exist at the registration date: on the test environment (and in the sandbox)
 * they are accepted whatever the date, with their configured province; every other code goes to the catalogue.
 * In production the list is never consulted (CivilModule does not wrap the catalogue).
 */
final class TestEnvironmentUnits implements UnitCodeChecker {

    private final UnitCodeChecker catalogue;
    private final Map<String, String> provinceByUnit;

    TestEnvironmentUnits(UnitCodeChecker catalogue, Map<String, String> provinceByUnit) {
        this.catalogue = catalogue;
        this.provinceByUnit = Map.copyOf(provinceByUnit);
    }

    /** {@code "07219=24,213=24"}: unit code = maTinh; a malformed entry is named in the error. */
    static Map<String, String> parse(String setting) {
        Map<String, String> out = new LinkedHashMap<>();
        if (setting == null || setting.isBlank()) {
            return out;
        }
        for (String entry : setting.split(",")) {
            String[] kv = entry.trim().split("=");
            if (kv.length != 2 || !kv[0].trim().matches("\\d{3}|\\d{5}") || !kv[1].trim().matches("\\d{2}")) {
                throw new vn.lienthong.gateway.platform.ConfigException("CIVIL_TEST_UNITS: '" + entry.trim()
                        + "' must be <unit code (3 or 5 digits)>=<maTinh (2 digits)>");
            }
            out.put(kv[0].trim(), kv[1].trim());
        }
        return out;
    }

    @Override
    public Optional<String> checkMaDonVi(String code, LocalDate registrationDate) {
        if (code != null && provinceByUnit.containsKey(code.trim())) {
            return Optional.empty();
        }
        return catalogue.checkMaDonVi(code, registrationDate);
    }

    @Override
    public Optional<String> provinceOf(String code, LocalDate registrationDate) {
        if (code != null && provinceByUnit.containsKey(code.trim())) {
            return Optional.of(provinceByUnit.get(code.trim()));
        }
        return catalogue.provinceOf(code, registrationDate);
    }
}
