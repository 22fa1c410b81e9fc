package vn.lienthong.gateway.platform;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * Keeps the embedded HSQLDB's compiled SQL between transactions (BENCHMARKS.md).
 *
 * <p>HSQLDB compiles a statement per session and drops it as soon as the last {@code PreparedStatement} on it
 * closes, so every {@code prepareStatement} of every short ledger transaction parsed and compiled its SQL again
 * (16% of the gateway's CPU in the benchmark). The pool cannot keep statements open across borrowings (Hikari
 * closes them when the connection goes back), so this wrapper keeps one extra {@code PreparedStatement} per SQL
 * text open on the underlying physical connection, never used: the session then finds the compiled statement and
 * only counts one more user. The statements the stores prepare, execute and close are unchanged, and so are
 * transactions. Kept statements go with their physical connection (closed by the pool on eviction).
 *
 * <p>Only for HSQLDB: PostgreSQL's driver caches prepared statements per connection itself.
 */
final class KeptStatements implements DataSource {

    /** A bound on kept SQL texts per connection, in case some store builds SQL dynamically. */
    static final int MAX_PER_CONNECTION = 256;

    private final DataSource pool;
    // physical connection -> SQL text -> the kept (open, unused) statement; a physical connection is used by one
    // thread at a time (the pool's borrower), so only the outer map is shared
    private final Map<Connection, Map<String, PreparedStatement>> kept = Collections.synchronizedMap(new WeakHashMap<>());

    KeptStatements(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(pool.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(pool.getConnection(username, password));
    }

    private Connection wrap(Connection pooled) throws SQLException {
        Connection physical = pooled.unwrap(Connection.class);
        Map<String, PreparedStatement> statements = kept.computeIfAbsent(physical, k -> new HashMap<>());
        InvocationHandler handler = (proxy, method, args) -> {
            if (args != null && args.length == 1 && "prepareStatement".equals(method.getName())
                    && args[0] instanceof String sql) {
                keep(physical, statements, sql);
            }
            try {
                return method.invoke(pooled, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private static void keep(Connection physical, Map<String, PreparedStatement> statements, String sql) {
        if (statements.containsKey(sql) || statements.size() >= MAX_PER_CONNECTION) {
            return;
        }
        try {
            statements.put(sql, physical.prepareStatement(sql));
        } catch (SQLException e) {
            // not preparable (the caller's own prepare reports it) or the connection is broken: nothing kept
        }
    }

    /** Kept statements on one physical connection (tests). */
    int keptOn(Connection connection) throws SQLException {
        Map<String, PreparedStatement> m = kept.get(connection.unwrap(Connection.class));
        return m == null ? 0 : m.size();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || pool.isWrapperFor(iface);
    }
}
