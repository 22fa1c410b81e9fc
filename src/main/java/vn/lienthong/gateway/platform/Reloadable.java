package vn.lienthong.gateway.platform;

/**
 * Something an operator reloads while the gateway runs, offered by a flow module with
 * {@code ctx.contribute(Reloadable.class, name, ...)} and called by the console's operator API
 * ({@code POST /api/ops/reload/{name}}, operator role, audited), so that flows need not know the console.
 */
@FunctionalInterface
public interface Reloadable {

    /**
     * Reloads and returns what is now in use, in words without personal data. When the source is bad, throws an
     * IllegalArgumentException or IllegalStateException saying what is wrong and where, and keeps what was in use.
     */
    String reload();
}
