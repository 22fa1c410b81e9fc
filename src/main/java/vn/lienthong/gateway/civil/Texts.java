package vn.lienthong.gateway.civil;

/** Small helpers for putting non-personal input values into Problem reasons safely. */
final class Texts {

    private static final int MAX_QUOTED = 40;

    private Texts() {
    }

    /** Quotes a value for an error message: cut to 40 chars, control characters escaped (no log injection). */
    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("'");
        int n = Math.min(value.length(), MAX_QUOTED);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (value.length() > MAX_QUOTED) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
