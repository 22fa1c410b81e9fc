package vn.lienthong.gateway.civil;

import java.util.List;
import java.util.Set;

/** Which dossier fields identify a person, and how to show them in logs without revealing them. */
public final class PersonalData {

    /** Field-name endings that carry personal data in DVCLT/PMHT dossiers. */
    private static final List<String> PERSONAL_SUFFIXES =
            List.of("HoTen", "SoGiayToTuyThan", "SoDDCN", "SoDienThoai", "Email");

    private static final Set<String> PERSONAL_FIELDS = Set.of(
            "nksHoTen", "meHoTen", "chaHoTen", "nycHoTen", "nktHoTen",
            "nksSoGiayToTuyThan", "meSoGiayToTuyThan", "chaSoGiayToTuyThan", "nycSoGiayToTuyThan",
            "nktSoGiayToTuyThan",
            "meSoDDCN", "chaSoDDCN", "nksSoDDCN", "nycSoDDCN", "nktSoDDCN",
            "nycSoDienThoai", "nycEmail");

    private PersonalData() {
    }

    /**
     * Keeps the first 2 and last 2 characters and stars the rest: {@code 0012345601 -> 00******01}.
     * Values of 4 characters or fewer are fully starred, since keeping 2+2 would reveal them whole.
     * Returns null for null.
     */
    public static String mask(String value) {
        if (value == null) {
            return null;
        }
        int[] cps = value.codePoints().toArray();
        if (cps.length <= 4) {
            return "*".repeat(cps.length);
        }
        StringBuilder sb = new StringBuilder(cps.length);
        sb.appendCodePoint(cps[0]).appendCodePoint(cps[1]);
        sb.append("*".repeat(cps.length - 4));
        sb.appendCodePoint(cps[cps.length - 2]).appendCodePoint(cps[cps.length - 1]);
        return sb.toString();
    }

    /** The known personal field names of birth and death dossiers (names, ID numbers, phones, emails). */
    public static Set<String> personalFieldNames() {
        return PERSONAL_FIELDS;
    }

    /** True for any field name ending like a personal field, including ones not listed by name. */
    public static boolean isPersonal(String fieldName) {
        if (fieldName == null) {
            return false;
        }
        if (PERSONAL_FIELDS.contains(fieldName)) {
            return true;
        }
        for (String suffix : PERSONAL_SUFFIXES) {
            if (fieldName.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }
}
