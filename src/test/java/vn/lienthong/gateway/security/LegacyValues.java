package vn.lienthong.gateway.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Values as the previous release stored them: "enc1:" with the header alone as additional data (bound to nothing). */
final class LegacyValues {

    private LegacyValues() {
    }

    /** {@code keyEntry} as in DATA_KEYS ({@code id:base64}). */
    static byte[] version1(String keyEntry, byte[] plain) {
        int colon = keyEntry.indexOf(':');
        byte[] id = keyEntry.substring(0, colon).getBytes(StandardCharsets.US_ASCII);
        byte[] raw = Base64.getDecoder().decode(keyEntry.substring(colon + 1));
        byte[] header = ByteBuffer.allocate(5 + id.length).put(new byte[] {'L', 'T', 'E', 1}).put((byte) id.length).put(id).array();
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(raw, "AES"), new GCMParameterSpec(128, iv));
            c.updateAAD(header);
            byte[] sealed = c.doFinal(plain);
            return ByteBuffer.allocate(header.length + 12 + sealed.length).put(header).put(iv).put(sealed).array();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String version1Text(String keyEntry, String plain) {
        return "enc1:" + Base64.getEncoder().encodeToString(version1(keyEntry, plain.getBytes(StandardCharsets.UTF_8)));
    }
}
