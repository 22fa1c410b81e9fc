package vn.lienthong.gateway.catalog;

import java.time.LocalDate;

/** Which catalogue applies: the 3-tier one before the 1 July 2025 reform, the 2-tier one from that day on. */
public enum Era {
    PRE_REFORM,
    CURRENT;

    public static final LocalDate REFORM_DATE = LocalDate.of(2025, 7, 1);
    public static final LocalDate LAST_PRE_REFORM_DAY = REFORM_DATE.minusDays(1);

    /**
     * The day whose three-tier catalogue applies to a date: the date itself before the reform, the last three-tier
     * day after it (old names and codes are then read as they stood when the tiers ended, and mapped forward).
     */
    public static LocalDate preReformDay(LocalDate date) {
        return date.isBefore(REFORM_DATE) ? date : LAST_PRE_REFORM_DAY;
    }

    public static Era at(LocalDate date) {
        return date.isBefore(REFORM_DATE) ? PRE_REFORM : CURRENT;
    }
}
