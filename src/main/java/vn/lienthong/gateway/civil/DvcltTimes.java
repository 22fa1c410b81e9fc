package vn.lienthong.gateway.civil;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** DVCLT timestamps: ISO with or without offset (Vietnam time when none) or dd/MM/yyyy HH:mm:ss. */
final class DvcltTimes {

    private DvcltTimes() {
    }

    static Instant parse(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.trim();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // not ISO with an offset
        }
        try {
            return LocalDateTime.parse(t).atZone(DossierDates.VIETNAM).toInstant();
        } catch (DateTimeParseException e) {
            // not ISO local
        }
        LocalDateTime v = DossierDates.parseReceived(t).value();
        return v == null ? null : v.atZone(DossierDates.VIETNAM).toInstant();
    }
}
