package vn.lienthong.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the one-off re-encryption of unbound values (clear, or {@code enc1:}) into the bound format has run: a row
 * of {@code data_at_rest_migration} (V66; written at once for a new database, else by {@code platform/DataRekey}).
 * While it has not, readers accept unbound values; after it, they refuse them ({@code security/PayloadCipher}).
 */
public final class DataAtRestMigration {

    public static final String BOUND = "bound-v2";
    /** How long a running node may keep accepting unbound values after the migration completed elsewhere. */
    public static final Duration RECHECK = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(DataAtRestMigration.class);

    private DataAtRestMigration() {
    }

    /** True once the migration has been recorded. */
    public static boolean done(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM data_at_rest_migration WHERE name = ?")) {
            ps.setString(1, BOUND);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Records the migration (idempotent); true when this call recorded it. */
    public static boolean markDone(Connection c, Instant at, String note) throws SQLException {
        if (done(c)) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO data_at_rest_migration (name, completed_at, note) VALUES (?, ?, ?)")) {
            ps.setString(1, BOUND);
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setString(3, note == null || note.length() <= 1000 ? note : note.substring(0, 1000));
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (Sql.isUniqueViolation(e)) {
                return false; // recorded by a concurrent run
            }
            throw e;
        }
    }

    /** {@link #pending(DataSource, Duration)} re-read at most every {@link #RECHECK}. */
    public static BooleanSupplier pending(DataSource dataSource) {
        return pending(dataSource, RECHECK);
    }

    /**
     * "The migration is pending", for {@code PayloadCipher.acceptingUnboundWhile}: read now, then asked only when an
     * unbound value is met, re-read at most every {@code recheck} by one caller at a time (the others get the last
     * answer), never again once done. A failed read keeps the last answer.
     */
    public static BooleanSupplier pending(DataSource dataSource, Duration recheck) {
        Pending p = new Pending(dataSource, recheck.toNanos());
        if (p.getAsBoolean()) {
            LOG.warn("Data at rest: values stored before encryption was bound to rows (clear, or enc1:) are still read;"
                    + " run the re-encryption (platform.DataRekey) once, after which they are refused");
        }
        return p;
    }

    private static final class Pending implements BooleanSupplier {
        private final DataSource dataSource;
        private final long recheckNanos;
        private final AtomicBoolean reading = new AtomicBoolean();
        private volatile boolean done;
        private volatile boolean read;
        private volatile long readAt;

        Pending(DataSource dataSource, long recheckNanos) {
            this.dataSource = dataSource;
            this.recheckNanos = recheckNanos;
        }

        @Override
        public boolean getAsBoolean() {
            if (done) {
                return false;
            }
            if ((!read || System.nanoTime() - readAt >= recheckNanos) && reading.compareAndSet(false, true)) {
                try (Connection c = dataSource.getConnection()) {
                    done = done(c);
                    readAt = System.nanoTime();
                    read = true;
                } catch (SQLException e) {
                    LOG.warn("Data at rest: cannot read whether the re-encryption has run ({}); keeping the last answer",
                            e.getMessage());
                } finally {
                    reading.set(false);
                }
            }
            // never read (database down at start): refuse, the safe side
            return read && !done;
        }
    }
}
