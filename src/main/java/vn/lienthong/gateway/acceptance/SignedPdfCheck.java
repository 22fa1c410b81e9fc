package vn.lienthong.gateway.acceptance;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether an issued certificate has the shape of a digitally signed PDF: a PDF (header, %%EOF) with a signature
 * dictionary (/Type /Sig) whose /ByteRange covers the whole file but the /Contents hex string, which holds a DER
 * structure. It does not verify the signature against the Ministry's certificate authority (not ours to trust):
 * it tells "the officer signed before issuing" from "issued unsigned", which is what seed 000 asks the run to see.
 */
final class SignedPdfCheck {

    private static final Pattern BYTE_RANGE = Pattern.compile(
            "/ByteRange\\s*\\[\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*\\]");

    private SignedPdfCheck() {
    }

    /** Empty when signed; otherwise why not. */
    static Optional<String> problem(byte[] pdf) {
        if (pdf == null || pdf.length < 8) {
            return Optional.of("no certificate file");
        }
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("%PDF-")) {
            return Optional.of("the certificate is not a PDF");
        }
        if (!text.substring(Math.max(0, text.length() - 1024)).contains("%%EOF")) {
            return Optional.of("the certificate PDF is truncated (no %%EOF at its end)");
        }
        if (!text.matches("(?s).*/Type\\s*/Sig\\b.*")) {
            return Optional.of("the certificate PDF carries no digital signature (/Type /Sig): signed and issued?");
        }
        // the last signature is the one that must cover the whole file (earlier ones cover earlier revisions)
        Matcher m = BYTE_RANGE.matcher(text);
        MatchResult last = null;
        while (m.find()) {
            last = m.toMatchResult();
        }
        if (last == null) {
            return Optional.of("the certificate's signature has no /ByteRange");
        }
        MatchResult r = last;
        long a = Long.parseLong(r.group(1));
        long b = Long.parseLong(r.group(2));
        long c = Long.parseLong(r.group(3));
        long d = Long.parseLong(r.group(4));
        if (a != 0 || b <= 0 || c <= b || c + d != pdf.length) {
            return Optional.of("the certificate's signature /ByteRange does not cover the file (modified after signing?)");
        }
        String hole = text.substring((int) b, (int) c);
        if (!hole.matches("<(?i:30[0-9a-f]+)>")) {
            return Optional.of("the certificate's signature /Contents is not a DER-encoded signature");
        }
        return Optional.empty();
    }
}
