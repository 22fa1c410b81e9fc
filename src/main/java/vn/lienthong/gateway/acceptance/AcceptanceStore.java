package vn.lienthong.gateway.acceptance;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import vn.lienthong.gateway.ledger.Transactions;

/** Acceptance runs and their cases (V76__acceptance.sql): what a resumed run continues from, what the API shows. */
final class AcceptanceStore {

    static final String RUNNING = "RUNNING";
    static final String FINISHED = "FINISHED";
    static final String ABANDONED = "ABANDONED";

    record Run(long id, String mode, String environment, String unit, String state, Instant startedAt,
               Instant finishedAt, String reportDir) {
    }

    /** One row of the Ministry's table as far as the run got: phase (driving), result PASSED/FAILED once judged. */
    record CaseRow(long runId, String caseCode, String maHoSo, String phase, String result, String reason,
                   String pmhtState, String dvcltTold, Instant updatedAt) {

        boolean judged() {
            return result != null;
        }
    }

    private final DataSource db;
    private final Clock clock;

    AcceptanceStore(DataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A new run; its cases follow with {@link #addCase}, each with its dossier code fixed for good. */
    long open(String mode, String environment, String unit) {
        return tx(c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO acceptance_run (mode, environment, unit_code,"
                    + " state, started_at) VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, mode);
                ps.setString(2, environment);
                ps.setString(3, unit);
                ps.setString(4, RUNNING);
                ps.setTimestamp(5, Timestamp.from(clock.instant()));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            return id;
        });
    }

    void addCase(long runId, String caseCode, String maHoSo) {
        tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO acceptance_case (run_id, case_code, ma_ho_so,"
                    + " phase, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setLong(1, runId);
                ps.setString(2, caseCode);
                ps.setString(3, maHoSo);
                ps.setString(4, "NEW");
                ps.setTimestamp(5, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    void update(CaseRow row) {
        tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE acceptance_case SET phase = ?, result = ?, reason = ?,"
                    + " pmht_state = ?, dvclt_told = ?, updated_at = ? WHERE run_id = ? AND case_code = ?")) {
                ps.setString(1, row.phase());
                ps.setString(2, row.result());
                ps.setString(3, clip(row.reason()));
                ps.setString(4, row.pmhtState());
                ps.setString(5, row.dvcltTold());
                ps.setTimestamp(6, Timestamp.from(row.updatedAt()));
                ps.setLong(7, row.runId());
                ps.setString(8, row.caseCode());
                ps.executeUpdate();
            }
            return null;
        });
    }

    void finish(long runId, String reportDir) {
        close(runId, FINISHED, reportDir);
    }

    /** {@code --new}: the unfinished run is left as it was, marked so that it is no longer resumed. */
    void abandon(long runId) {
        close(runId, ABANDONED, null);
    }

    private void close(long runId, String state, String reportDir) {
        tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE acceptance_run SET state = ?, finished_at = ?, report_dir = ? WHERE id = ?")) {
                ps.setString(1, state);
                ps.setTimestamp(2, Timestamp.from(clock.instant()));
                ps.setString(3, reportDir);
                ps.setLong(4, runId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The latest run of this mode on this environment that has not finished (to resume), if any. */
    Optional<Run> unfinished(String mode, String environment) {
        return runs(100).stream().filter(r -> r.mode().equals(mode) && r.environment().equals(environment)
                && RUNNING.equals(r.state())).findFirst();
    }

    /** The latest runs first. */
    List<Run> runs(int limit) {
        return tx(c -> {
            List<Run> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, mode, environment, unit_code, state, started_at,"
                    + " finished_at, report_dir FROM acceptance_run ORDER BY id DESC")) {
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(run(rs));
                    }
                }
            }
            return out;
        });
    }

    Optional<Run> run(long id) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, mode, environment, unit_code, state, started_at,"
                    + " finished_at, report_dir FROM acceptance_run WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(run(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The run's cases in the order they were added (the table's order). */
    List<CaseRow> cases(long runId) {
        return tx(c -> {
            List<CaseRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, case_code, ma_ho_so, phase, result, reason,"
                    + " pmht_state, dvclt_told, updated_at FROM acceptance_case WHERE run_id = ?")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new CaseRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                                rs.getTimestamp(9).toInstant()));
                    }
                }
            }
            return out;
        });
    }

    private static Run run(ResultSet rs) throws SQLException {
        Timestamp finished = rs.getTimestamp(7);
        return new Run(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getTimestamp(6).toInstant(), finished == null ? null : finished.toInstant(), rs.getString(8));
    }

    private <T> T tx(Transactions.SqlWork<T> work) {
        return Transactions.inTransaction(db, work, e -> new IllegalStateException("acceptance store: " + e.getMessage(), e));
    }

    private static String clip(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
    }
}
