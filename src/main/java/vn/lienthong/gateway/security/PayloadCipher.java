package vn.lienthong.gateway.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption of personal data at rest (stored payloads, certificates, evidence records): AES-256-GCM through the
 * JDK, a random 96-bit IV per value, and a versioned header naming the key, so several keys can coexist: the
 * current key encrypts, every configured key decrypts (key rotation).
 *
 * <p>Binary layout: {@code 'L' 'T' 'E' version | key-id length (1 byte) | key id (ASCII) | IV (12) | ciphertext+tag (16)}.
 * Version 2 (written now) is bound to where the value is stored: the GCM additional data is the header plus the
 * {@link Column} (table and column, or file store) and the row's key, so a value copied to another row, dossier or
 * column fails authentication. Text columns hold {@code enc2:} + base64 of that.
 *
 * <p>Version 1 ({@code enc1:}, additional data = header only) and values without a header (clear data from before
 * encryption) are "unbound": they are read only while {@link #acceptingUnboundWhile the data-at-rest migration is
 * pending} (it re-encrypts them, {@code platform/DataRekey}), and refused after it, naming the column, never the value.
 *
 * <p>Lookup indexes (e.g. a mother's ID number) are HMAC-SHA256 under a key derived from each data key: the
 * current key's index is written, the indexes under every key are searched.
 *
 * <p>Keys are configured as {@code keyId:base64-of-32-bytes,...} ({@code DATA_KEYS}); {@code main} prints a new one.
 */
public final class PayloadCipher {

    /** A stored value that cannot be decrypted: tampered with, moved, truncated, unbound, or under an unknown key. */
    public static final class CipherException extends RuntimeException {
        public CipherException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Where values are stored: a table's column (or a file store). Part of every value's additional data together
     * with the row's key; built once per call site, so binding a value costs one small array per value.
     */
    public static final class Column {
        private final String name;
        private final byte[] prefix;

        private Column(String table, String column) {
            this.name = table + "." + column;
            ByteBuffer b = ByteBuffer.allocate(4 + utf8Length(table) + utf8Length(column));
            part(b, table);
            part(b, column);
            this.prefix = b.array();
        }

        public static Column of(String table, String column) {
            return new Column(table, column);
        }

        /** {@code table.column}, for messages. */
        public String name() {
            return name;
        }

        /** Table, column and each key part, length-prefixed (unambiguous: "a","bc" differs from "ab","c"). */
        byte[] context(String[] rowKey) {
            if (rowKey.length == 0) {
                throw new IllegalArgumentException(name + ": a bound value needs its row's key");
            }
            int size = prefix.length + 1;
            for (String k : rowKey) {
                if (k == null) {
                    throw new IllegalArgumentException(name + ": a row key part is null");
                }
                size += 2 + utf8Length(k);
            }
            ByteBuffer b = ByteBuffer.allocate(size).put(prefix).put((byte) rowKey.length);
            for (String k : rowKey) {
                part(b, k);
            }
            return b.array();
        }

        private static void part(ByteBuffer b, String s) {
            byte[] raw = s.getBytes(StandardCharsets.UTF_8);
            b.putShort((short) raw.length).put(raw);
        }

        private static int utf8Length(String s) {
            int n = s.length();
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) >= 0x80) {
                    return s.getBytes(StandardCharsets.UTF_8).length;
                }
            }
            return n;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final byte[] MAGIC = {'L', 'T', 'E'};
    private static final int HEADER_FIXED = MAGIC.length + 2; // magic, version, key-id length
    private static final byte UNBOUND_VERSION = 1;
    private static final byte BOUND_VERSION = 2;
    /** Prefix of bound text values (version 2). */
    public static final String TEXT_PREFIX = "enc2:";
    /** Prefix of unbound text values (version 1), read only while the migration is pending. */
    public static final String UNBOUND_TEXT_PREFIX = "enc1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Base64 characters covering the longest header (5 + 64 bytes): enough to read the key id of a text value. */
    private static final int HEADER_BASE64 = 92;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final byte[] INDEX_LABEL = "lienthong lookup index v1".getBytes(StandardCharsets.US_ASCII);
    private static final BooleanSupplier NEVER = () -> false;

    private final Map<String, SecretKeySpec> keys;
    private final Map<String, SecretKeySpec> indexKeys;
    private final String current;
    private final BooleanSupplier unboundAccepted;
    private final SecureRandom random = new SecureRandom();
    /**
     * One AES-GCM cipher and one HMAC per thread, initialised anew for every value (a fresh IV each time): looking the
     * algorithm up for every value cost as much CPU as the encryption itself (BENCHMARKS.md).
     */
    private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> instance(() -> Cipher.getInstance("AES/GCM/NoPadding")));
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> instance(() -> Mac.getInstance("HmacSHA256")));

    private interface Lookup<T> {
        T get() throws GeneralSecurityException;
    }

    private static <T> T instance(Lookup<T> lookup) {
        try {
            return lookup.get();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("algorithm unavailable: " + e.getMessage(), e);
        }
    }

    private PayloadCipher(Map<String, byte[]> rawKeys, String currentId) {
        if (rawKeys.isEmpty()) {
            throw new IllegalArgumentException("no data key configured");
        }
        Map<String, SecretKeySpec> k = new LinkedHashMap<>();
        Map<String, SecretKeySpec> ix = new LinkedHashMap<>();
        rawKeys.forEach((id, raw) -> {
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("a data key id must be 1-64 characters of A-Z a-z 0-9 . _ -");
            }
            if (raw.length != 32) {
                throw new IllegalArgumentException("data key '" + id + "' must be 32 bytes (AES-256), got " + raw.length);
            }
            k.put(id, new SecretKeySpec(raw, "AES"));
            ix.put(id, new SecretKeySpec(hmac(raw, INDEX_LABEL), "HmacSHA256"));
        });
        String cur = currentId == null || currentId.isBlank() ? rawKeys.keySet().iterator().next() : currentId.trim();
        if (!k.containsKey(cur)) {
            throw new IllegalArgumentException("the current data key '" + cur + "' is not among the configured keys");
        }
        this.keys = Map.copyOf(k);
        this.indexKeys = ix;
        this.current = cur;
        this.unboundAccepted = NEVER;
    }

    private PayloadCipher(PayloadCipher keysOf, BooleanSupplier unboundAccepted) {
        this.keys = keysOf.keys;
        this.indexKeys = keysOf.indexKeys;
        this.current = keysOf.current;
        this.unboundAccepted = unboundAccepted;
    }

    /** Keys in order; {@code currentId} null means the first one encrypts. Unbound values are refused. */
    public static PayloadCipher of(Map<String, byte[]> keys, String currentId) {
        return new PayloadCipher(new LinkedHashMap<>(keys), currentId);
    }

    /**
     * The same keys, reading unbound values (clear, or version 1) as long as {@code migrationPending} says so. It is
     * asked only when an unbound value is met, never for bound ones (no cost on the normal path).
     */
    public PayloadCipher acceptingUnboundWhile(BooleanSupplier migrationPending) {
        return new PayloadCipher(this, migrationPending);
    }

    /**
     * Parses {@code keyId:base64key,keyId:base64key}. Error messages name the entry's position or key id, never
     * key material.
     */
    public static PayloadCipher parse(String spec, String currentId) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("no data key configured");
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        String[] entries = spec.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("data key entry " + (i + 1) + " must be keyId:base64-of-32-bytes");
            }
            String id = entry.substring(0, colon).trim();
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(entry.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("data key '" + id + "' is not valid base64");
            }
            if (keys.put(id, raw) != null) {
                throw new IllegalArgumentException("data key id '" + id + "' appears twice");
            }
        }
        return new PayloadCipher(keys, currentId);
    }

    /** A cipher with one random key that lives in memory only (tests, tools): nothing it wrote survives it. */
    public static PayloadCipher ephemeral() {
        return of(Map.of("ephemeral", randomKey()), null);
    }

    public static byte[] randomKey() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return raw;
    }

    /** A new {@code keyId:base64} entry for DATA_KEYS. */
    public static String newKeyEntry(String keyId) {
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("a data key id must be 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        return keyId + ":" + Base64.getEncoder().encodeToString(randomKey());
    }

    public String currentKeyId() {
        return current;
    }

    public List<String> keyIds() {
        return List.copyOf(indexKeys.keySet());
    }

    // ---- bytes ----

    /** Encrypts under the current key, bound to {@code column} and the row's key. */
    public byte[] encrypt(byte[] plain, Column column, String... rowKey) {
        byte[] context = column.context(rowKey);
        byte[] id = current.getBytes(StandardCharsets.US_ASCII);
        byte[] header = ByteBuffer.allocate(HEADER_FIXED + id.length).put(MAGIC).put(BOUND_VERSION).put((byte) id.length)
                .put(id).array();
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher c = GCM.get();
            c.init(Cipher.ENCRYPT_MODE, keys.get(current), new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(header);
            c.updateAAD(context);
            byte[] sealed = c.doFinal(plain);
            return ByteBuffer.allocate(header.length + iv.length + sealed.length).put(header).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * Decrypts a value written by {@link #encrypt} for the same column and row. Unbound values (no header: clear data
     * from before encryption; version 1) come back only while the migration is pending, else are refused.
     */
    public byte[] decrypt(byte[] stored, Column column, String... rowKey) {
        int version = versionOf(stored);
        if (version == BOUND_VERSION) {
            return open(stored, column, column.context(rowKey), rowKey);
        }
        refuseUnboundUnlessPending(column, rowKey, version == UNBOUND_VERSION);
        return version == UNBOUND_VERSION ? open(stored, column, null, rowKey) : stored;
    }

    private void refuseUnboundUnlessPending(Column column, String[] rowKey, boolean oldFormat) {
        if (!unboundAccepted.getAsBoolean()) {
            throw new CipherException(column.name() + " of row " + String.join("/", rowKey) + ": stored value refused: "
                    + (oldFormat ? "encrypted in the old format, not bound to its row" : "not encrypted")
                    + ", and the data-at-rest migration (DataRekey) has run", null);
        }
    }

    /** {@code context} null: a version-1 value, whose additional data is its header alone. */
    private byte[] open(byte[] stored, Column column, byte[] context, String[] rowKey) {
        int idLength = stored[MAGIC.length + 1] & 0xff;
        int headerLength = HEADER_FIXED + idLength;
        if (idLength == 0 || stored.length < headerLength + IV_BYTES + TAG_BITS / 8) {
            throw new CipherException(column.name() + ": encrypted value is truncated", null);
        }
        String id = new String(stored, HEADER_FIXED, idLength, StandardCharsets.US_ASCII);
        SecretKeySpec key = keys.get(id);
        if (key == null) {
            throw new CipherException(column.name() + ": encrypted value uses data key '" + id
                    + "', which is not configured (DATA_KEYS)", null);
        }
        try {
            Cipher c = GCM.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, headerLength, IV_BYTES));
            c.updateAAD(stored, 0, headerLength);
            if (context != null) {
                c.updateAAD(context);
            }
            return c.doFinal(stored, headerLength + IV_BYTES, stored.length - headerLength - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw new CipherException(column.name() + " of row " + String.join("/", rowKey) + ": encrypted value failed"
                    + " authentication (altered, copied from another row, or not written with data key '" + id + "')", e);
        } catch (GeneralSecurityException e) {
            throw new CipherException(column.name() + ": encrypted value cannot be decrypted: " + e.getMessage(), e);
        }
    }

    /** 1 or 2 for a value with a header, 0 for clear bytes. */
    private static int versionOf(byte[] stored) {
        if (stored == null || stored.length < HEADER_FIXED || !Arrays.equals(stored, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return 0;
        }
        byte v = stored[MAGIC.length];
        return v == UNBOUND_VERSION || v == BOUND_VERSION ? v : 0;
    }

    /** True for a value with a header (either version). */
    public static boolean isEncrypted(byte[] stored) {
        return versionOf(stored) != 0;
    }

    /** True for a value encrypted in the bound format (version 2), whatever its key. */
    public static boolean isBound(byte[] stored) {
        return versionOf(stored) == BOUND_VERSION;
    }

    /** The key id in an encrypted value's header, or null for clear data. */
    public static String keyIdOf(byte[] stored) {
        if (!isEncrypted(stored) || stored.length < HEADER_FIXED + (stored[MAGIC.length + 1] & 0xff)) {
            return null;
        }
        return new String(stored, HEADER_FIXED, stored[MAGIC.length + 1] & 0xff, StandardCharsets.US_ASCII);
    }

    /** True when the value is bound and under the current key (nothing to re-encrypt). */
    public boolean isCurrent(byte[] stored) {
        return isBound(stored) && current.equals(keyIdOf(stored));
    }

    // ---- text columns ----

    /** {@code enc2:base64} of the UTF-8 text encrypted under the current key for this column and row; null stays null. */
    public String encryptText(String plain, Column column, String... rowKey) {
        return plain == null ? null : TEXT_PREFIX + Base64.getEncoder().encodeToString(
                encrypt(plain.getBytes(StandardCharsets.UTF_8), column, rowKey));
    }

    /**
     * The clear text of {@link #encryptText} for the same column and row; null stays null. {@code enc1:} values and
     * text without a prefix (clear data from before encryption) are read only while the migration is pending.
     */
    public String decryptText(String stored, Column column, String... rowKey) {
        if (stored == null) {
            return null;
        }
        boolean bound = stored.startsWith(TEXT_PREFIX);
        if (!bound && !stored.startsWith(UNBOUND_TEXT_PREFIX)) {
            refuseUnboundUnlessPending(column, rowKey, false);
            return stored;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(stored.substring(TEXT_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new CipherException(column.name() + ": encrypted text is not valid base64", e);
        }
        if (versionOf(raw) != (bound ? BOUND_VERSION : UNBOUND_VERSION)) {
            throw new CipherException(column.name() + ": encrypted text has no valid header", null);
        }
        return new String(decrypt(raw, column, rowKey), StandardCharsets.UTF_8);
    }

    /** True for text in either encrypted format. */
    public static boolean isEncryptedText(String stored) {
        return stored != null && (stored.startsWith(TEXT_PREFIX) || stored.startsWith(UNBOUND_TEXT_PREFIX));
    }

    /** True when the text is bound and under the current key (reads only the header's base64). */
    public boolean isCurrentText(String stored) {
        if (stored == null || !stored.startsWith(TEXT_PREFIX)) {
            return false;
        }
        try {
            String head = stored.substring(TEXT_PREFIX.length(), Math.min(stored.length(), TEXT_PREFIX.length() + HEADER_BASE64));
            return isCurrent(Base64.getDecoder().decode(head));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // ---- lookup indexes ----

    /** HMAC-SHA256 (hex) of a value under the current key's index key: what is stored instead of the value. */
    public String index(String value) {
        return index(current, value);
    }

    /** The value's index under every configured key (current first): what a lookup searches for. */
    public List<String> indexes(String value) {
        List<String> out = new ArrayList<>();
        out.add(index(current, value));
        for (String id : indexKeys.keySet()) {
            if (!id.equals(current)) {
                out.add(index(id, value));
            }
        }
        return out;
    }

    /** True for a stored value that is an index (64 hex digits) rather than a legacy clear value. */
    public static boolean isIndex(String stored) {
        return stored != null && stored.length() == 64 && stored.chars().allMatch(ch -> (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'));
    }

    private String index(String keyId, String value) {
        try {
            Mac mac = HMAC.get();
            mac.init(indexKeys.get(keyId));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "PayloadCipher[AES-256-GCM, current=" + current + ", keys=" + indexKeys.keySet() + "]";
    }

    /** Prints a new random data key entry: {@code PayloadCipher [keyId]} (default id: k + today's date). */
    public static void main(String[] args) {
        String id = args.length > 0 ? args[0] : "k" + java.time.LocalDate.now().toString().replace("-", "");
        String entry = newKeyEntry(id);
        System.out.println("New data key '" + id + "' (keep it secret; put it FIRST in DATA_KEYS, or set DATA_KEY_CURRENT=" + id
                + ", and keep the old keys after it until the re-encryption has run):");
        System.out.println(entry);
    }
}
