package vn.lienthong.gateway.security;

/**
 * The gateway accepts a request path only in its canonical form: the form the HTTP router matches routes on.
 * A path that a normaliser would change (dot segments, percent-encoded unreserved characters, empty segments), or
 * that different servers read differently (encoded '/', '\', '%', ';' or control characters, a raw '\' or ';'), is
 * refused before any route runs, so that authorization and routing can never see two different paths.
 */
public final class RequestPaths {

    private RequestPaths() {
    }

    /** Why the raw request path (without the query) is not canonical, or null when it is. Never quotes the path. */
    public static String problem(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return "the path must start with '/'";
        }
        if (rawPath.length() > 2048) {
            return "the path is longer than 2048 characters";
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '\\') {
                return "'\\' is not accepted in a path";
            }
            if (c == ';') {
                return "';' (path parameters) is not accepted in a path";
            }
            if (c < 0x21 || c == 0x7f) {
                return "control characters and spaces must not appear in a path";
            }
            if (c == '%') {
                if (i + 2 >= rawPath.length() || hex(rawPath.charAt(i + 1)) < 0 || hex(rawPath.charAt(i + 2)) < 0) {
                    return "malformed percent-encoding";
                }
                int b = hex(rawPath.charAt(i + 1)) * 16 + hex(rawPath.charAt(i + 2));
                if (unreserved(b)) {
                    return "a percent-encoded letter, digit or '-._~' (write it as is)";
                }
                if (b == '/' || b == '\\' || b == '%' || b == ';' || b < 0x20 || b == 0x7f) {
                    return "percent-encoded '/', '\\', '%', ';' or control character";
                }
                i += 2;
            }
        }
        // segments: none empty (a single trailing '/' is allowed), none "." or ".."
        int start = 1;
        while (start <= rawPath.length()) {
            int end = rawPath.indexOf('/', start);
            if (end < 0) {
                end = rawPath.length();
            }
            String segment = rawPath.substring(start, end);
            if (segment.isEmpty() && end < rawPath.length()) {
                return "empty path segment ('//')";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "dot segment ('.' or '..')";
            }
            start = end + 1;
        }
        return null;
    }

    private static boolean unreserved(int b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '.'
                || b == '_' || b == '~';
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
