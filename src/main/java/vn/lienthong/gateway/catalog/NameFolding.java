package vn.lienthong.gateway.catalog;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Folds Vietnamese unit names to a comparable key: diacritics and punctuation dropped, lower case, numbers without
 * leading zeros, so "Phường 05", "phuong 5" and "P.5" all compare equal once the unit-type prefix is peeled off.
 */
public final class NameFolding {

    /** A lookup interpretation of an input name: the bare name key and, when a prefix said so, the unit type. */
    public record NameQuery(String key, String typeKey) {
        /** True when the unit's type agrees with the prefix the input used (no prefix agrees with anything). */
        public boolean typeAccepts(String unitTypeKey) {
            return typeKey == null || typeKey.equals(unitTypeKey);
        }
    }

    /** Administrative level a text segment is being tried at: each has its own type prefixes and abbreviations. */
    public enum Level { PROVINCE, DISTRICT, WARD }


    // Province types are deliberately not enforced: people write "Tỉnh" for cities and old types after the reform.
    private static final Map<String, String> PROVINCE_PREFIXES = Map.of(
            "thanh pho", "", "tinh", "", "tp", "", "t p", "", "t", "");
    private static final Map<String, String> DISTRICT_PREFIXES = Map.of(
            "quan", "quan", "q", "quan", "huyen", "huyen", "h", "huyen",
            "thi xa", "thi xa", "tx", "thi xa", "t x", "thi xa",
            "thanh pho", "thanh pho", "tp", "thanh pho", "t p", "thanh pho");
    private static final Map<String, String> WARD_PREFIXES = Map.of(
            "phuong", "phuong", "p", "phuong", "xa", "xa", "x", "xa",
            "thi tran", "thi tran", "tt", "thi tran", "t t", "thi tran", "dac khu", "dac khu");

    private NameFolding() {
    }

    /** Folded form: no diacritics, "đ" as "d", lower case, single spaces, numbers without leading zeros. */
    public static String fold(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        // Hand-rolled single pass without java.text.Normalizer: the catalogue folds tens of thousands of names at
        // load and every address call folds again. Precomposed letters go through LATIN_BASE, decomposed marks are dropped.
        String s = text;
        StringBuilder out = new StringBuilder(s.length());
        int tokenStart = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char mapped = map(c);
            if (mapped == MARK) {
                continue;
            }
            if (mapped == ' ') {
                if (tokenStart >= 0) {
                    finishToken(out, tokenStart);
                    tokenStart = -1;
                }
                continue;
            }
            if (tokenStart < 0) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                tokenStart = out.length();
            }
            out.append(mapped);
        }
        if (tokenStart >= 0) {
            finishToken(out, tokenStart);
        }
        return out.toString();
    }

    private static final char MARK = '\u0000';
    private static final char LATIN_FROM = '\u00C0';
    private static final char LATIN_TO = '\u1EFF';
    /** Base ASCII letter (lower case) of every precomposed Latin letter in U+00C0..U+1EFF, or ' ' when none. */
    private static final char[] LATIN_BASE = latinBase();

    private static char[] latinBase() {
        char[] table = new char[LATIN_TO - LATIN_FROM + 1];
        for (int i = 0; i < table.length; i++) {
            char c = (char) (LATIN_FROM + i);
            String base = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
            char b = base.isEmpty() ? ' ' : Character.toLowerCase(base.charAt(0));
            table[i] = (b >= 'a' && b <= 'z') ? b : ' ';
        }
        table['đ' - LATIN_FROM] = 'd';
        table['Đ' - LATIN_FROM] = 'd';
        table['Ð' - LATIN_FROM] = 'd';
        table['ɖ' - LATIN_FROM] = 'd';
        return table;
    }

    /** a-z and 0-9 as themselves (lower-cased), "đ" as "d", combining marks as MARK, anything else as a space. */
    private static char map(char c) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            return c;
        }
        if (c >= 'A' && c <= 'Z') {
            return (char) (c + ('a' - 'A'));
        }
        if (c < 0x80) {
            return ' ';
        }
        if (c >= LATIN_FROM && c <= LATIN_TO && LATIN_BASE[c - LATIN_FROM] != ' ') {
            return LATIN_BASE[c - LATIN_FROM];
        }
        int type = Character.getType(c);
        if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK) {
            return MARK;
        }
        return ' ';
    }

    /** Rewrites the token just appended: "05" -> "5", "p5" -> "p 5". */
    private static void finishToken(StringBuilder out, int start) {
        int len = out.length() - start;
        char first = out.charAt(start);
        boolean glued = len >= 2 && (first == 'p' || first == 'q') && allDigits(out, start + 1);
        int digitsFrom = glued ? start + 1 : (allDigits(out, start) ? start : -1);
        if (digitsFrom < 0) {
            return;
        }
        int zeros = 0;
        while (digitsFrom + zeros < out.length() - 1 && out.charAt(digitsFrom + zeros) == '0') {
            zeros++;
        }
        out.delete(digitsFrom, digitsFrom + zeros);
        if (glued) {
            out.insert(start + 1, ' ');
        }
    }

    private static boolean allDigits(CharSequence s, int from) {
        if (from >= s.length()) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Folded unit type, e.g. "Thị Xã" -> "thi xa". */
    public static String typeKey(String type) {
        return type == null ? "" : TYPE_KEYS.computeIfAbsent(type, NameFolding::fold);
    }

    // A dozen distinct types; folding each once keeps catalogue loading cheap.
    private static final java.util.concurrent.ConcurrentMap<String, String> TYPE_KEYS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Name key of a catalogue entry: its folded name minus its own type prefix when the name repeats it. */
    public static String catalogueKey(String name, String type) {
        String folded = fold(name);
        String t = typeKey(type);
        if (!t.isEmpty() && folded.startsWith(t + " ")) {
            return folded.substring(t.length() + 1);
        }
        return folded;
    }

    /**
     * Every way an input segment can be read at a level: as a bare name (any type), and once per type prefix it
     * starts with. "Phuong Mai" thus means both a unit named "Phương Mai" and a ward named "Mai".
     */
    public static List<NameQuery> interpretations(String folded, Level level) {
        List<NameQuery> out = new ArrayList<>(3);
        if (folded == null || folded.isEmpty()) {
            return out;
        }
        out.add(new NameQuery(folded, null));
        Map<String, String> prefixes = switch (level) {
            case PROVINCE -> PROVINCE_PREFIXES;
            case DISTRICT -> DISTRICT_PREFIXES;
            case WARD -> WARD_PREFIXES;
        };
        for (var e : prefixes.entrySet()) {
            String p = e.getKey();
            if (folded.length() > p.length() + 1 && folded.startsWith(p) && folded.charAt(p.length()) == ' ') {
                String type = e.getValue().isEmpty() ? null : e.getValue();
                out.add(new NameQuery(folded.substring(p.length() + 1), type));
            }
        }
        return out;
    }

    /** Unit type written as in official names: "Thị Xã" -> "Thị xã". */
    static String canonicalType(String type) {
        String t = type == null ? "" : type.trim();
        if (t.isEmpty()) {
            return t;
        }
        return t.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + t.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Official name with its type in front. Pre-reform names never carry their type ("Phương Mai" is a ward
     * named so, not a type), current ones always do, sometimes in lower case ("xã Bắc Sơn").
     */
    static String withType(String name, String type, boolean nameCarriesType) {
        String n = name == null ? "" : name.trim();
        String t = canonicalType(type);
        if (t.isEmpty()) {
            return n;
        }
        if (nameCarriesType) {
            return n.length() > t.length() && fold(n).startsWith(typeKey(t) + " ") ? t + n.substring(t.length()) : n;
        }
        return t + " " + n;
    }
}
