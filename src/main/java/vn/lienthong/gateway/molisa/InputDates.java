package vn.lienthong.gateway.molisa;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Optional;

/**
 * Reads the dates the one-stop-shop sends: ISO-8601 (date, local date-time, or with an offset, converted to
 * Vietnam time) and the seed's MOLISA formats (dd/MM/yyyy, dd/MM/yyyy HH:mm:ss, yyyyMMddHHmmss). Strict: 31/02 fails.
 */
final class InputDates {

    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private static final List<DateTimeFormatter> DATE_TIMES = List.of(
            strict("dd/MM/uuuu HH:mm:ss"), strict("d/M/uuuu H:m:s"), strict("dd/MM/uuuu HH:mm"),
            strict("uuuuMMddHHmmss"), strict("uuuu-MM-dd HH:mm:ss"), DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    private static final List<DateTimeFormatter> DATES = List.of(
            strict("dd/MM/uuuu"), strict("d/M/uuuu"), strict("dd-MM-uuuu"), strict("uuuuMMdd"),
            DateTimeFormatter.ISO_LOCAL_DATE);

    private InputDates() {
    }

    private static DateTimeFormatter strict(String pattern) {
        return DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT);
    }

    /** The moment, in Vietnam local time; a date alone means its midnight. Empty when unreadable. */
    static Optional<LocalDateTime> parse(Object value) {
        if (value instanceof LocalDateTime t) {
            return Optional.of(t);
        }
        if (value instanceof LocalDate d) {
            return Optional.of(d.atStartOfDay());
        }
        if (value instanceof OffsetDateTime o) {
            return Optional.of(o.atZoneSameInstant(VIETNAM).toLocalDateTime());
        }
        if (value instanceof ZonedDateTime z) {
            return Optional.of(z.withZoneSameInstant(VIETNAM).toLocalDateTime());
        }
        if (value instanceof Instant i) {
            return Optional.of(LocalDateTime.ofInstant(i, VIETNAM));
        }
        if (!(value instanceof String raw)) {
            return Optional.empty();
        }
        String text = raw.trim();
        for (DateTimeFormatter f : DATE_TIMES) {
            Optional<LocalDateTime> t = attempt(() -> LocalDateTime.parse(text, f));
            if (t.isPresent()) {
                return t;
            }
        }
        for (DateTimeFormatter f : DATES) {
            Optional<LocalDateTime> t = attempt(() -> LocalDate.parse(text, f).atStartOfDay());
            if (t.isPresent()) {
                return t;
            }
        }
        // ISO with an offset or "Z": the instant is what matters, shown in Vietnam time.
        return attempt(() -> {
            TemporalAccessor a = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text);
            return OffsetDateTime.from(a).atZoneSameInstant(VIETNAM).toLocalDateTime();
        });
    }

    private interface Parse {
        LocalDateTime get();
    }

    private static Optional<LocalDateTime> attempt(Parse p) {
        try {
            return Optional.of(p.get());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
