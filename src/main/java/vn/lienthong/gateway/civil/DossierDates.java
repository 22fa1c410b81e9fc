package vn.lienthong.gateway.civil;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Date formats DVCLT may send and the ones PMHT expects. */
final class DossierDates {

    /** Offsets in ngayTiepNhan are converted to Vietnam time, which decides the registration date. */
    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    static final DateTimeFormatter PMHT_DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm:ss");
    static final DateTimeFormatter PMHT_DATE = DateTimeFormatter.ofPattern("dd.MM.uuuu");

    static final String RECEIVED_FORMATS = "dd/MM/yyyy HH:mm:ss, yyyyMMddHHmmss or yyyy-MM-ddTHH:mm:ss[offset]";
    static final String DATE_FORMATS = "dd.MM.yyyy, dd/MM/yyyy or yyyy-MM-dd";

    /** Earliest year accepted inside dossier data; older dates are typing errors. */
    static final int MIN_YEAR = 1800;

    private static final Pattern VN_DATE_TIME = Pattern.compile("(\\d{2})/(\\d{2})/(\\d{4}) (\\d{2}):(\\d{2}):(\\d{2})");
    private static final Pattern COMPACT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})");
    private static final Pattern ISO_SHAPE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})?");
    private static final Pattern DOT_DATE = Pattern.compile("(\\d{2})\\.(\\d{2})\\.(\\d{4})");
    private static final Pattern SLASH_DATE = Pattern.compile("(\\d{2})/(\\d{2})/(\\d{4})");
    private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
    /** Loose shape of "looks like a date", for fields not known to be dates. */
    private static final Pattern DATE_LIKE = Pattern.compile("\\d{1,4}[./-]\\d{1,2}[./-]\\d{1,4}");

    private DossierDates() {
    }

    /** Parse result: exactly one of value / reason is set. */
    record Parsed<T>(T value, String reason) {
        static <T> Parsed<T> ok(T value) {
            return new Parsed<>(value, null);
        }

        static <T> Parsed<T> bad(String reason) {
            return new Parsed<>(null, reason);
        }
    }

    /** ngayTiepNhan -> local date-time in Vietnam. */
    static Parsed<LocalDateTime> parseReceived(String s) {
        try {
            Matcher m = VN_DATE_TIME.matcher(s);
            if (m.matches()) {
                return Parsed.ok(LocalDateTime.of(i(m, 3), i(m, 2), i(m, 1), i(m, 4), i(m, 5), i(m, 6)));
            }
            m = COMPACT.matcher(s);
            if (m.matches()) {
                return Parsed.ok(LocalDateTime.of(i(m, 1), i(m, 2), i(m, 3), i(m, 4), i(m, 5), i(m, 6)));
            }
            m = ISO_SHAPE.matcher(s);
            if (m.matches()) {
                if (m.group(3) != null) {
                    return Parsed.ok(OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                            .atZoneSameInstant(VIETNAM).toLocalDateTime());
                }
                return Parsed.ok(LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME));
            }
        } catch (DateTimeException e) {
            return Parsed.bad("is not a real date and time");
        }
        return Parsed.bad("must be a date-time as " + RECEIVED_FORMATS);
    }

    /** A date inside {@code data}. */
    static Parsed<LocalDate> parseDate(String s) {
        Matcher m;
        int y;
        int mo;
        int d;
        if ((m = DOT_DATE.matcher(s)).matches() || (m = SLASH_DATE.matcher(s)).matches()) {
            d = i(m, 1);
            mo = i(m, 2);
            y = i(m, 3);
        } else if ((m = ISO_DATE.matcher(s)).matches()) {
            y = i(m, 1);
            mo = i(m, 2);
            d = i(m, 3);
        } else {
            return Parsed.bad("must be a date as " + DATE_FORMATS);
        }
        if (y < MIN_YEAR) {
            return Parsed.bad("has a year before " + MIN_YEAR);
        }
        try {
            return Parsed.ok(LocalDate.of(y, mo, d));
        } catch (DateTimeException e) {
            return Parsed.bad("is not a real calendar date");
        }
    }

    static boolean looksLikeDate(String s) {
        return DATE_LIKE.matcher(s).matches();
    }

    private static int i(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }
}
