package vn.lienthong.gateway.ops;

import java.util.Locale;

/** What a console user may do: a viewer reads everything, an operator also replays and discards. */
public enum Role {
    VIEWER, OPERATOR;

    public boolean allows(Role needed) {
        return this == OPERATOR || needed == VIEWER;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Role parse(String text) {
        try {
            return Role.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("role must be viewer or operator, got '" + text + "'");
        }
    }
}
