package vn.lienthong.gateway.civil;

import java.io.IOException;
import java.time.LocalDateTime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The top-level DVCLT facts a status update repeats (maTTHC, maDonVi, ngayTiepNhan), read with a streaming
 * parser that skips data and attachments, from any input (null fields when absent or unreadable).
 */
record EnvelopeFacts(String maTTHC, String maDonVi, LocalDateTime ngayTiepNhan) {

    private static final JsonFactory JSON = new JsonFactory();
    static final EnvelopeFacts NONE = new EnvelopeFacts(null, null, null);

    static EnvelopeFacts read(String raw) {
        if (raw == null || raw.isBlank()) {
            return NONE;
        }
        String maTTHC = null;
        String maDonVi = null;
        LocalDateTime received = null;
        try (JsonParser p = JSON.createParser(raw)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NONE;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                if (t != JsonToken.VALUE_STRING) {
                    continue;
                }
                String v = p.getText();
                switch (name) {
                    case "maTTHC" -> maTTHC = clip(v);
                    case "maDonVi" -> maDonVi = v.length() <= 8 ? v : null;
                    case "ngayTiepNhan" -> received = DossierDates.parseReceived(v).value();
                    default -> { }
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable input: whatever was read so far
        }
        return new EnvelopeFacts(maTTHC, maDonVi, received);
    }

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64);
    }
}
