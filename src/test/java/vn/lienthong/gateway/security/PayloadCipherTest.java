package vn.lienthong.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/**
 * AES-256-GCM at rest: round trip, tamper detection, binding to table/column/row, unbound values (clear, version 1)
 * only while the migration is pending, several keys (rotation), lookup indexes, key parsing.
 */
class PayloadCipherTest {

    private static final String ID = "001195000077";
    private static final PayloadCipher.Column PAYLOAD = PayloadCipher.Column.of("dossier_payload", "payload");
    private static final PayloadCipher.Column BODY = PayloadCipher.Column.of("status_update_body", "body");

    private static String key(String id) {
        return PayloadCipher.newKeyEntry(id);
    }

    @Test
    void roundTripOfBytesAndTextWithAFreshIvEachTime() {
        PayloadCipher cipher = PayloadCipher.parse(key("k1"), null);
        byte[] clear = ("{\"meSoGiayToTuyThan\":\"" + ID + "\",\"meHoTen\":\"Trần Thị Mẫu\"}").getBytes(StandardCharsets.UTF_8);
        byte[] a = cipher.encrypt(clear, PAYLOAD, "HS-1", "v1");
        byte[] b = cipher.encrypt(clear, PAYLOAD, "HS-1", "v1");
        assertThat(a).isNotEqualTo(b); // random IV per value
        assertThat(new String(a, StandardCharsets.ISO_8859_1)).doesNotContain(ID);
        assertThat(cipher.decrypt(a, PAYLOAD, "HS-1", "v1")).isEqualTo(clear);
        assertThat(PayloadCipher.keyIdOf(a)).isEqualTo("k1");
        assertThat(PayloadCipher.isBound(a)).isTrue();
        // the binding is additional data, not stored: the value is no longer than before
        assertThat(a.length).isEqualTo(clear.length + 4 + 1 + 2 + 12 + 16);

        String text = cipher.encryptText("Trần Thị Mẫu " + ID, BODY, "HS-1", "2");
        assertThat(text).startsWith("enc2:").doesNotContain(ID);
        assertThat(cipher.isCurrentText(text)).isTrue();
        assertThat(cipher.decryptText(text, BODY, "HS-1", "2")).isEqualTo("Trần Thị Mẫu " + ID);
        assertThat(cipher.encryptText(null, BODY, "HS-1", "2")).isNull();
        assertThat(cipher.decryptText(null, BODY, "HS-1", "2")).isNull();
        assertThat(cipher.encrypt(new byte[0], PAYLOAD, "HS-1", "v1"))
                .satisfies(e -> assertThat(cipher.decrypt(e, PAYLOAD, "HS-1", "v1")).isEmpty());
    }

    @Test
    void aValueOpensOnlyInTheTableColumnAndRowItWasWrittenFor() {
        PayloadCipher cipher = PayloadCipher.parse(key("k1"), null);
        String text = cipher.encryptText("{\"soDinhDanh\":\"" + ID + "\"}", BODY, "HS-1", "2");
        assertThat(cipher.decryptText(text, BODY, "HS-1", "2")).contains(ID);
        // another row of the same dossier, another dossier, another column, key parts shifted across the boundary
        for (Runnable moved : new Runnable[] {
                () -> cipher.decryptText(text, BODY, "HS-1", "3"),
                () -> cipher.decryptText(text, BODY, "HS-2", "2"),
                () -> cipher.decryptText(text, PAYLOAD, "HS-1", "2"),
                () -> cipher.decryptText(text, PayloadCipher.Column.of("status_update", "body"), "HS-1", "2"),
                () -> cipher.decryptText(text, BODY, "HS-12", ""),
                () -> cipher.decryptText(text, BODY, "HS-1", "2", "x")}) {
            assertThatThrownBy(moved::run).isInstanceOf(PayloadCipher.CipherException.class)
                    .hasMessageContaining("failed authentication").hasMessageNotContaining(ID);
        }
        assertThatThrownBy(() -> cipher.decryptText(text, BODY, "HS-2", "2")).hasMessageContaining("status_update_body.body")
                .hasMessageContaining("HS-2/2");
        // files: bound to their store and name
        byte[] file = cipher.encrypt("%PDF-1.4".getBytes(StandardCharsets.US_ASCII), PayloadCipher.Column.of("file_store", "pdf"), "ab12");
        assertThatThrownBy(() -> cipher.decrypt(file, PayloadCipher.Column.of("file_store", "json"), "ab12"))
                .isInstanceOf(PayloadCipher.CipherException.class);
    }

    @Test
    void unboundValuesAreReadOnlyWhileTheMigrationIsPendingAndThenRefusedNamingTheColumn() {
        String entry = key("k1");
        AtomicBoolean pending = new AtomicBoolean(true);
        PayloadCipher strict = PayloadCipher.parse(entry, null);
        PayloadCipher cipher = strict.acceptingUnboundWhile(pending::get);
        String legacyV1 = LegacyValues.version1Text(entry, "{\"x\":\"" + ID + "\"}");
        String clear = "{\"legacy\":\"" + ID + "\"}";
        byte[] pdf = "%PDF-1.4 legacy".getBytes(StandardCharsets.US_ASCII);
        PayloadCipher.Column files = PayloadCipher.Column.of("file_store", "pdf");

        assertThat(cipher.decryptText(clear, PAYLOAD, "HS-1", "v1")).isEqualTo(clear);
        assertThat(cipher.decryptText(legacyV1, PAYLOAD, "HS-1", "v1")).contains(ID);
        assertThat(cipher.decrypt(pdf, files, "sha")).isEqualTo(pdf);
        assertThat(cipher.isCurrentText(legacyV1)).isFalse(); // the re-encryption rewrites it
        assertThat(cipher.isCurrentText(clear)).isFalse();
        assertThat(cipher.isCurrent(pdf)).isFalse();

        pending.set(false);
        for (PayloadCipher c : new PayloadCipher[] {cipher, strict}) {
            assertThatThrownBy(() -> c.decryptText(clear, PAYLOAD, "HS-1", "v1")).isInstanceOf(PayloadCipher.CipherException.class)
                    .hasMessageContaining("dossier_payload.payload").hasMessageContaining("not encrypted")
                    .hasMessageNotContaining(ID).hasMessageNotContaining("legacy");
            assertThatThrownBy(() -> c.decryptText(legacyV1, PAYLOAD, "HS-1", "v1")).isInstanceOf(PayloadCipher.CipherException.class)
                    .hasMessageContaining("dossier_payload.payload").hasMessageContaining("old format").hasMessageNotContaining(ID);
            assertThatThrownBy(() -> c.decrypt(pdf, files, "sha")).hasMessageContaining("file_store.pdf");
        }
        // a version-1 value relabelled as bound does not pass either
        String relabelled = PayloadCipher.TEXT_PREFIX + legacyV1.substring(PayloadCipher.UNBOUND_TEXT_PREFIX.length());
        assertThatThrownBy(() -> cipher.decryptText(relabelled, PAYLOAD, "HS-1", "v1")).hasMessageContaining("no valid header");
    }

    @Test
    void anyAlteredByteIsDetected() {
        PayloadCipher cipher = PayloadCipher.parse(key("k1"), null);
        byte[] sealed = cipher.encrypt("0912345678".getBytes(StandardCharsets.UTF_8), PAYLOAD, "HS-1", "v1");
        for (int i = 4; i < sealed.length; i++) { // every byte after the magic and version: key id, IV, ciphertext, tag
            byte[] altered = sealed.clone();
            altered[i] ^= 0x01;
            assertThatThrownBy(() -> cipher.decrypt(altered, PAYLOAD, "HS-1", "v1")).as("byte %d", i)
                    .isInstanceOf(PayloadCipher.CipherException.class);
        }
        byte[] truncated = java.util.Arrays.copyOf(sealed, sealed.length - 1);
        assertThatThrownBy(() -> cipher.decrypt(truncated, PAYLOAD, "HS-1", "v1")).isInstanceOf(PayloadCipher.CipherException.class);
        String text = cipher.encryptText("x", PAYLOAD, "HS-1", "v1");
        String alteredText = text.substring(0, text.length() - 3) + (text.charAt(text.length() - 3) == 'A' ? 'B' : 'A')
                + text.substring(text.length() - 2);
        assertThatThrownBy(() -> cipher.decryptText(alteredText, PAYLOAD, "HS-1", "v1")).isInstanceOf(PayloadCipher.CipherException.class);
    }

    @Test
    void rotationNewKeyEncryptsOldKeyStillDecryptsAndAnUnknownKeyIsNamed() {
        String oldKey = key("k2025");
        String newKey = key("k2026");
        PayloadCipher before = PayloadCipher.parse(oldKey, null);
        byte[] old = before.encrypt("giấy khai sinh".getBytes(StandardCharsets.UTF_8), PAYLOAD, "HS-1", "v1");
        String oldIndex = before.index(ID);

        PayloadCipher after = PayloadCipher.parse(newKey + "," + oldKey, null);
        assertThat(after.currentKeyId()).isEqualTo("k2026");
        assertThat(new String(after.decrypt(old, PAYLOAD, "HS-1", "v1"), StandardCharsets.UTF_8)).isEqualTo("giấy khai sinh");
        assertThat(after.isCurrent(old)).isFalse();
        byte[] fresh = after.encrypt("x".getBytes(StandardCharsets.UTF_8), PAYLOAD, "HS-1", "v1");
        assertThat(PayloadCipher.keyIdOf(fresh)).isEqualTo("k2026");
        assertThat(after.isCurrent(fresh)).isTrue();
        // lookups still find rows indexed under the old key; new rows get the new key's index
        assertThat(after.indexes(ID)).hasSize(2).contains(oldIndex);
        assertThat(after.index(ID)).isNotEqualTo(oldIndex).isEqualTo(after.indexes(ID).get(0));

        // DATA_KEY_CURRENT picks the encrypting key whatever the order
        PayloadCipher pinned = PayloadCipher.parse(oldKey + "," + newKey, "k2026");
        assertThat(PayloadCipher.keyIdOf(pinned.encrypt(new byte[] {1}, PAYLOAD, "HS-1", "v1"))).isEqualTo("k2026");

        // once the old key is removed, its values fail naming the key, not silently
        assertThatThrownBy(() -> PayloadCipher.parse(newKey, null).decrypt(old, PAYLOAD, "HS-1", "v1"))
                .isInstanceOf(PayloadCipher.CipherException.class).hasMessageContaining("k2025");
        // a key with the same id but other bytes does not open the value either
        assertThatThrownBy(() -> PayloadCipher.parse(key("k2025"), null).decrypt(old, PAYLOAD, "HS-1", "v1"))
                .isInstanceOf(PayloadCipher.CipherException.class);
    }

    @Test
    void indexesAreKeyedStableAndNotThePlainHash() throws Exception {
        PayloadCipher cipher = PayloadCipher.parse(key("k1"), null);
        assertThat(cipher.index(ID)).isEqualTo(cipher.index(ID)).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(PayloadCipher.isIndex(cipher.index(ID))).isTrue();
        assertThat(PayloadCipher.isIndex(ID)).isFalse();
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(ID.getBytes(StandardCharsets.UTF_8)));
        assertThat(cipher.index(ID)).isNotEqualTo(sha);
        assertThat(PayloadCipher.parse(key("k1"), null).index(ID)).isNotEqualTo(cipher.index(ID));
    }

    @Test
    void badKeyConfigurationIsRefusedWithoutEchoingKeyMaterial() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> PayloadCipher.parse("k1:" + shortKey, null)).hasMessageContaining("32 bytes")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> PayloadCipher.parse("k1:not base64!!", null)).hasMessageContaining("base64")
                .hasMessageNotContaining("not base64!!");
        assertThatThrownBy(() -> PayloadCipher.parse("nokey", null)).hasMessageContaining("entry 1");
        assertThatThrownBy(() -> PayloadCipher.parse(key("a") + "," + key("a"), null)).hasMessageContaining("twice");
        assertThatThrownBy(() -> PayloadCipher.parse(key("a"), "b")).hasMessageContaining("'b'");
        assertThatThrownBy(() -> PayloadCipher.parse("", null)).hasMessageContaining("no data key");
        String entry = key("a");
        assertThat(PayloadCipher.parse(entry, null).toString()).doesNotContain(entry.substring(2));
        Map<String, byte[]> keys = new LinkedHashMap<>();
        keys.put("bad id!", new byte[32]);
        assertThatThrownBy(() -> PayloadCipher.of(keys, null)).hasMessageContaining("key id");
    }
}
