package vn.lienthong.gateway.civil;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding of inbound bodies: invalid bytes are an input error, not silently replaced. */
final class Utf8 {

    record Decoded(String text, Problem problem) {
    }

    private Utf8() {
    }

    static Decoded decode(Object body) {
        if (body == null) {
            return new Decoded("", null);
        }
        if (body instanceof String s) {
            return lonelySurrogate(s) >= 0
                    ? new Decoded(s, new Problem("$", "text contains an unpaired surrogate at character " + lonelySurrogate(s)))
                    : new Decoded(s, null);
        }
        if (body instanceof byte[] bytes) {
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteBuffer in = ByteBuffer.wrap(bytes);
            try {
                CharBuffer out = decoder.decode(in);
                return new Decoded(out.toString(), null);
            } catch (CharacterCodingException e) {
                return new Decoded(new String(bytes, StandardCharsets.UTF_8),
                        new Problem("$", "body is not valid UTF-8 (invalid byte sequence near byte " + in.position() + ")"));
            }
        }
        return new Decoded(String.valueOf(body), null);
    }

    private static int lonelySurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return i;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
