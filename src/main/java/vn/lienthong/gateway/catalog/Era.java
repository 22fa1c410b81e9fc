package vn.lienthong.gateway.catalog;

import java.time.LocalDate;

/** Which catalogue applies: the 3-tier one before the 1 July 2025 reform, the 2-tier one from that day on. */
public enum Era {
    PRE_REFORM,
    CURRENT;

    public static final LocalDate REFORM_DATE = LocalDate.of(2025, 7, 1);

    public static Era at(LocalDate date) {
        return date.isBefore(REFORM_DATE) ? PRE_REFORM : CURRENT;
    }
}
