package vn.lienthong.gateway.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operator console's dossier list and charts: filtered, sorted, paged reads of the dossier table, each filter
 * served by an index of V75__console_dossier_list.sql (docs/console.md has the figures at 1,000,000 rows).
 */
public final class DossierSearch {

    /** Columns a list may be sorted by (whitelisted: they go into the SQL text). */
    public enum Sort {
        CREATED("created_at"), UPDATED("updated_at"), CODE("ma_ho_so"), STATE("state");

        final String column;

        Sort(String column) {
            this.column = column;
        }
    }

    /**
     * Every field is optional (null = no filter). {@code codePart} matches anywhere in maHoSo; {@code codes}, when
     * not null, limits the list to those dossiers (what waits on an operator's queues).
     */
    public record Filter(String flow, String state, Instant from, Instant to, String module, String unit,
                         String codePart, Collection<String> codes) {
    }

    public record Row(String maHoSo, String flow, String state, String moduleIn, String modulePushed, String maDonVi,
                      int attempts, String lastReason, Instant createdAt, Instant updatedAt) {
    }

    /** {@code total} is counted up to {@link #MAX_COUNTED}; {@code more} says there are more than that. */
    public record Page(long total, boolean more, int page, int size, List<Row> rows) {
    }

    /** Counting every match of a broad filter at a million rows costs seconds: "more than 10,000" is enough. */
    public static final int MAX_COUNTED = 10_000;

    /** Dossiers received in one hour, by their state now. */
    public record HourCount(Instant hour, String state, long count) {
    }

    private static final int MAX_CODES = 1000;

    private final Ledger ledger;

    public DossierSearch(Ledger ledger) {
        this.ledger = ledger;
    }

    public Page list(Filter f, Sort sort, boolean descending, int page, int size) {
        if (f.codes() != null && f.codes().isEmpty()) {
            return new Page(0, false, page, size, List.of());
        }
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        eq(where, args, "flow", f.flow());
        eq(where, args, "state", f.state());
        eq(where, args, "ma_don_vi", f.unit());
        if (f.module() != null) {
            where.append(" AND (module_pushed = ? OR module_in = ?)");
            args.add(f.module());
            args.add(f.module());
        }
        if (f.from() != null) {
            where.append(" AND created_at >= ?");
            args.add(Timestamp.from(f.from()));
        }
        if (f.to() != null) {
            where.append(" AND created_at < ?");
            args.add(Timestamp.from(f.to()));
        }
        if (f.codePart() != null) {
            where.append(" AND ma_ho_so LIKE ? ESCAPE '!'");
            args.add("%" + f.codePart().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        if (f.codes() != null) {
            List<String> codes = f.codes().stream().distinct().limit(MAX_CODES).toList();
            where.append(" AND ma_ho_so IN (").append(String.join(", ", java.util.Collections.nCopies(codes.size(), "?")))
                    .append(')');
            args.addAll(codes);
        }
        return ledger.inTransaction(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (SELECT ma_ho_so FROM dossier" + where
                    + " FETCH FIRST " + (MAX_COUNTED + 1) + " ROWS ONLY) AS matches")) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Row> rows = new ArrayList<>();
            // the code breaks ties so that pages never overlap
            String order = " ORDER BY " + sort.column + (descending ? " DESC" : " ASC")
                    + (sort == Sort.CODE ? "" : ", ma_ho_so" + (descending ? " DESC" : " ASC"));
            try (PreparedStatement ps = c.prepareStatement("SELECT ma_ho_so, flow, state, module_in, module_pushed,"
                    + " ma_don_vi, attempts, last_reason, created_at, updated_at FROM dossier" + where + order
                    + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                bind(ps, args);
                ps.setLong(args.size() + 1, (long) page * size);
                ps.setInt(args.size() + 2, size);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8),
                                rs.getTimestamp(9).toInstant(), rs.getTimestamp(10).toInstant()));
                    }
                }
            }
            return new Page(Math.min(total, MAX_COUNTED), total > MAX_COUNTED, page, size, rows);
        });
    }

    /**
     * Dossiers received since {@code since}, per hour and state now. Hours are cut in the database's clock zone
     * (the gateway's JVM zone, in which timestamps are stored), portably: CAST AS DATE and EXTRACT(HOUR).
     */
    public List<HourCount> perHour(Instant since) {
        return ledger.inTransaction(c -> {
            Map<String, HourCount> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT CAST(created_at AS DATE) AS d,"
                    + " EXTRACT(HOUR FROM created_at) AS h, state, COUNT(*) FROM dossier WHERE created_at >= ?"
                    + " GROUP BY CAST(created_at AS DATE), EXTRACT(HOUR FROM created_at), state")) {
                ps.setTimestamp(1, Timestamp.from(since));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant hour = LocalDateTime.of(rs.getDate(1).toLocalDate(), java.time.LocalTime.of(rs.getInt(2), 0))
                                .atZone(ZoneId.systemDefault()).toInstant();
                        out.put(hour + rs.getString(3), new HourCount(hour, rs.getString(3), rs.getLong(4)));
                    }
                }
            }
            return List.copyOf(out.values());
        });
    }

    private static void eq(StringBuilder where, List<Object> args, String column, String value) {
        if (value != null) {
            where.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws java.sql.SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }
}
