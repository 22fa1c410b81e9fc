package vn.lienthong.gateway.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * A flat address cut into comma-separated parts. " - " also separates, but names such as "Bà Rịa - Vũng Tàu"
 * contain it, so parts joined by a dash can be re-joined into one name ({@link #span}).
 */
final class AddressText {

    /** One part: its place in the original text, its folded form, and whether a dash (not a comma) precedes it. */
    record Segment(int start, int end, String text, String folded, boolean dashBefore) {
    }

    /** A run of consecutive segments read as one name. */
    record Span(int first, int endExclusive, String text, String folded) {
    }

    static final int MAX_SPAN = 3;

    private final String source;
    private final List<Segment> segments;

    private AddressText(String source, List<Segment> segments) {
        this.source = source;
        this.segments = segments;
    }

    static AddressText parse(String text) {
        String s = text == null ? "" : text;
        List<Segment> out = new ArrayList<>();
        int start = 0;
        boolean dashBefore = false;
        int i = 0;
        while (i <= s.length()) {
            int sepLength = separatorAt(s, i);
            if (i == s.length() || sepLength > 0) {
                add(out, s, start, i, dashBefore);
                if (i == s.length()) {
                    break;
                }
                dashBefore = sepLength > 1;
                i += sepLength;
                start = i;
            } else {
                i++;
            }
        }
        dropTrailingCountry(out);
        return new AddressText(s, List.copyOf(out));
    }

    int size() {
        return segments.size();
    }

    Segment get(int index) {
        return segments.get(index);
    }

    /** The segments [first, endExclusive) as one name, or null when a comma (not a dash) sits inside. */
    Span span(int first, int endExclusive) {
        if (first < 0 || endExclusive > segments.size() || first >= endExclusive) {
            return null;
        }
        StringBuilder folded = new StringBuilder();
        for (int k = first; k < endExclusive; k++) {
            Segment seg = segments.get(k);
            if (k > first && !seg.dashBefore()) {
                return null;
            }
            if (folded.length() > 0) {
                folded.append(' ');
            }
            folded.append(seg.folded());
        }
        String text = source.substring(segments.get(first).start(), segments.get(endExclusive - 1).end()).trim();
        return new Span(first, endExclusive, text, folded.toString());
    }

    /** Original text before segment {@code index}, without the separator that ends it. */
    String textBefore(int index) {
        if (index <= 0 || segments.isEmpty()) {
            return "";
        }
        int end = index >= segments.size() ? source.length() : segments.get(index).start();
        return trimSeparators(source.substring(0, end));
    }

    private static void add(List<Segment> out, String s, int start, int end, boolean dashBefore) {
        String text = s.substring(start, end).trim();
        String folded = NameFolding.fold(text);
        if (!folded.isEmpty()) {
            out.add(new Segment(start, end, text, folded, dashBefore));
        }
    }

    /** Length of the separator at {@code i}: 1 for , ; newline, 3 for a spaced dash, 0 for none. */
    private static int separatorAt(String s, int i) {
        if (i >= s.length()) {
            return 0;
        }
        char c = s.charAt(i);
        if (c == ',' || c == ';' || c == '\n' || c == '\r') {
            return 1;
        }
        if (c == ' ' && i + 2 < s.length() && isDash(s.charAt(i + 1)) && s.charAt(i + 2) == ' ') {
            return 3;
        }
        return 0;
    }

    private static boolean isDash(char c) {
        return c == '-' || c == '\u2013' || c == '\u2014';
    }

    private static void dropTrailingCountry(List<Segment> out) {
        while (!out.isEmpty()) {
            String f = out.get(out.size() - 1).folded();
            if (f.equals("viet nam") || f.equals("vietnam") || f.equals("vn")) {
                out.remove(out.size() - 1);
            } else {
                return;
            }
        }
    }

    static String trimSeparators(String s) {
        int end = s.length();
        while (end > 0) {
            char c = s.charAt(end - 1);
            if (Character.isWhitespace(c) || c == ',' || c == ';' || isDash(c)) {
                end--;
            } else {
                break;
            }
        }
        return s.substring(0, end).trim();
    }
}
