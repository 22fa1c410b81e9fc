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
 * <p>Binary layout: {@code 'L' 'T' 'E' 0x01 | key-id length (1 byte) | key id (ASCII) | IV (12) | ciphertext+tag (16)}.
 * The header is the GCM additional data, so a value cannot be moved under another key id. Text columns hold
 * {@code enc1:} + base64 of that. Values without the header are legacy clear data and are returned as they are
 * (readers stay transparent until the re-encryption command has run).
 *
 * <p>Lookup indexes (e.g. a mother's ID number) are HMAC-SHA256 under a key derived from each data key: the
 * current key's index is written, the indexes under every key are searched.
 *
 * <p>Keys are configured as {@code keyId:base64-of-32-bytes,...} ({@code DATA_KEYS}); {@code main} prints a new one.
 */
public final class PayloadCipher {

    /** A stored value that cannot be decrypted: tampered with, truncated, or under a key that is not configured. */
    public static final class CipherException extends RuntimeException {
        public CipherException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final byte[] MAGIC = {'L', 'T', 'E', 1};
    public static final String TEXT_PREFIX = "enc1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final byte[] INDEX_LABEL = "lienthong lookup index v1".getBytes(StandardCharsets.US_ASCII);

    private final Map<String, SecretKeySpec> keys;
    private final Map<String, SecretKeySpec> indexKeys;
    private final String current;
    private final SecureRandom random = new SecureRandom();

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
    }

    /** Keys in order; {@code currentId} null means the first one encrypts. */
    public static PayloadCipher of(Map<String, byte[]> keys, String currentId) {
        return new PayloadCipher(new LinkedHashMap<>(keys), currentId);
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

    /** Encrypts under the current key. */
    public byte[] encrypt(byte[] plain) {
        byte[] id = current.getBytes(StandardCharsets.US_ASCII);
        byte[] header = ByteBuffer.allocate(MAGIC.length + 1 + id.length).put(MAGIC).put((byte) id.length).put(id).array();
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.get(current), new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(header);
            byte[] sealed = c.doFinal(plain);
            return ByteBuffer.allocate(header.length + iv.length + sealed.length).put(header).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable: " + e.getMessage(), e);
        }
    }

    /** Decrypts a value written by {@link #encrypt}; bytes without the header (legacy clear data) come back as they are. */
    public byte[] decrypt(byte[] stored) {
        if (!isEncrypted(stored)) {
            return stored;
        }
        int idLength = stored[MAGIC.length] & 0xff;
        int headerLength = MAGIC.length + 1 + idLength;
        if (idLength == 0 || stored.length < headerLength + IV_BYTES + TAG_BITS / 8) {
            throw new CipherException("encrypted value is truncated", null);
        }
        String id = new String(stored, MAGIC.length + 1, idLength, StandardCharsets.US_ASCII);
        SecretKeySpec key = keys.get(id);
        if (key == null) {
            throw new CipherException("encrypted value uses data key '" + id + "', which is not configured (DATA_KEYS)", null);
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, headerLength, IV_BYTES));
            c.updateAAD(stored, 0, headerLength);
            return c.doFinal(stored, headerLength + IV_BYTES, stored.length - headerLength - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw new CipherException("encrypted value failed authentication (altered, or not written with key '" + id + "')", e);
        } catch (GeneralSecurityException e) {
            throw new CipherException("encrypted value cannot be decrypted: " + e.getMessage(), e);
        }
    }

    public static boolean isEncrypted(byte[] stored) {
        return stored != null && stored.length > MAGIC.length
                && Arrays.equals(stored, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** The key id in an encrypted value's header, or null for clear data. */
    public static String keyIdOf(byte[] stored) {
        if (!isEncrypted(stored) || stored.length < MAGIC.length + 1 + (stored[MAGIC.length] & 0xff)) {
            return null;
        }
        return new String(stored, MAGIC.length + 1, stored[MAGIC.length] & 0xff, StandardCharsets.US_ASCII);
    }

    /** True when the value is encrypted under the current key (nothing to re-encrypt). */
    public boolean isCurrent(byte[] stored) {
        return current.equals(keyIdOf(stored));
    }

    // ---- text columns ----

    /** {@code enc1:base64} of the UTF-8 text encrypted under the current key; null stays null. */
    public String encryptText(String plain) {
        return plain == null ? null : TEXT_PREFIX + Base64.getEncoder().encodeToString(encrypt(plain.getBytes(StandardCharsets.UTF_8)));
    }

    /** The clear text of {@link #encryptText}; text without the prefix (legacy clear data) comes back as it is. */
    public String decryptText(String stored) {
        if (!isEncryptedText(stored)) {
            return stored;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(stored.substring(TEXT_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new CipherException("encrypted text is not valid base64", e);
        }
        if (!isEncrypted(raw)) {
            throw new CipherException("encrypted text has no valid header", null);
        }
        return new String(decrypt(raw), StandardCharsets.UTF_8);
    }

    public static boolean isEncryptedText(String stored) {
        return stored != null && stored.startsWith(TEXT_PREFIX);
    }

    public boolean isCurrentText(String stored) {
        if (!isEncryptedText(stored)) {
            return false;
        }
        try {
            return isCurrent(Base64.getDecoder().decode(stored.substring(TEXT_PREFIX.length())));
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
            Mac mac = Mac.getInstance("HmacSHA256");
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
