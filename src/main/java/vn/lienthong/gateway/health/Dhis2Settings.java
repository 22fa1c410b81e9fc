package vn.lienthong.gateway.health;

import java.util.Map;

/**
 * Which DHIS2 program holds the village health workers' death book (A6), and which data elements carry each
 * field. Every id is configurable (DHIS2_PROGRAM, DHIS2_STAGE, DHIS2_DE_*): each country instance has its own.
 *
 * @param dataElements role -> data element id; roles are the constants below
 */
public record Dhis2Settings(String program, String programStage, int pageSize, int maxPages,
                            Map<String, String> dataElements) {

    public static final String NAME = "NAME";
    public static final String SEX = "SEX";
    public static final String BIRTH_DATE = "BIRTH_DATE";
    public static final String ID_NUMBER = "ID_NUMBER";
    public static final String RESIDENCE = "RESIDENCE";
    public static final String DEATH_DATE = "DEATH_DATE";
    public static final String DEATH_TIME = "DEATH_TIME";
    public static final String DEATH_PLACE = "DEATH_PLACE";
    public static final String CAUSE = "CAUSE";
    /** Set to "true" by the gateway when the death is registered (shared back). */
    public static final String REGISTERED = "REGISTERED";
    /** The registration's reference (the dossier code) written back with {@link #REGISTERED}. */
    public static final String REGISTRATION_NO = "REGISTRATION_NO";
    /** The registration date (PMHT's ngayDangKy as yyyy-MM-dd); optional: not written when unset. */
    public static final String REGISTRATION_DATE = "REGISTRATION_DATE";

    /** Sandbox ids, also used by the DHIS2 simulator; real instances set DHIS2_* variables. */
    public static final Map<String, String> SANDBOX_ELEMENTS = Map.ofEntries(
            Map.entry(NAME, "deNktHoTen1"), Map.entry(SEX, "deNktGioiT1"), Map.entry(BIRTH_DATE, "deNktNgayS1"),
            Map.entry(ID_NUMBER, "deNktSoGTT1"), Map.entry(RESIDENCE, "deNktNoiCT1"), Map.entry(DEATH_DATE, "deNktNgayC1"),
            Map.entry(DEATH_TIME, "deNktGioC01"), Map.entry(DEATH_PLACE, "deNktNoiCh1"), Map.entry(CAUSE, "deNktNguyN1"),
            Map.entry(REGISTERED, "deDaDangKy1"), Map.entry(REGISTRATION_NO, "deSoDangKy1"),
            Map.entry(REGISTRATION_DATE, "deNgayDK001"));
    public static final String SANDBOX_PROGRAM = "prA6TuVong1";
    public static final String SANDBOX_STAGE = "psA6TuVong1";

    public String element(String role) {
        return dataElements.get(role);
    }
}
