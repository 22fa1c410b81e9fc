package vn.lienthong.gateway.civil;

/**
 * Validates standard base64 (line breaks tolerated) and computes the decoded size without decoding,
 * so an oversize attachment is refused before any buffer is allocated for it.
 */
final class Base64Size {

    record Result(long decodedBytes, String reason) {
    }

    private Base64Size() {
    }

    static Result check(String b64, long maxDecodedBytes) {
        int lineBreaks = 0;
        for (int i = 0; i < b64.length(); i++) {
            char c = b64.charAt(i);
            if (c == '\r' || c == '\n') {
                lineBreaks++;
            }
        }
        long significant = b64.length() - (long) lineBreaks;
        if (significant == 0) {
            return new Result(0, "is empty");
        }
        if (significant % 4 != 0) {
            return new Result(-1, "is not valid base64: length " + significant + " is not a multiple of 4");
        }
        int padding = trailingPadding(b64);
        long decoded = significant / 4 * 3 - padding;
        if (decoded > maxDecodedBytes) {
            return new Result(decoded, "decodes to " + decoded + " bytes, more than the limit of "
                    + maxDecodedBytes + " bytes");
        }
        // Only now look at every character.
        long seen = 0;
        for (int i = 0; i < b64.length(); i++) {
            char c = b64.charAt(i);
            if (c == '\r' || c == '\n') {
                continue;
            }
            seen++;
            boolean inPadding = seen > significant - padding;
            if (inPadding ? c != '=' : !isAlphabet(c)) {
                return new Result(-1, "is not valid base64: unexpected character at position " + i);
            }
        }
        return new Result(decoded, null);
    }

    private static int trailingPadding(String s) {
        int padding = 0;
        for (int i = s.length() - 1; i >= 0 && padding <= 2; i--) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n') {
                continue;
            }
            if (c != '=') {
                break;
            }
            padding++;
        }
        return Math.min(padding, 2);
    }

    private static boolean isAlphabet(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/';
    }
}
