package vn.lienthong.gateway.civil;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The received dossier as the ledger keeps it for support: attachment contents are left out (their size stays),
 * since they can be megabytes each and PMHT already holds them; a dossier still over 1,000,000 characters is kept
 * as a note. Made from the tree the checks already parsed (one parse per dossier, BENCHMARKS.md).
 */
final class KeptPayload {

    static final int MAX_CHARS = 1_000_000;

    private KeptPayload() {
    }

    /** {@code envelope} loses its attachment contents: call it once nothing else reads them. */
    static String of(ObjectNode envelope, ObjectMapper json) {
        JsonNode files = envelope.get("fileDinhKem");
        if (files != null && files.isArray()) {
            for (JsonNode file : files) {
                JsonNode content = file.get("duLieuTepDinhKem");
                if (file instanceof ObjectNode o && content != null && content.isTextual()) {
                    o.put("duLieuTepDinhKem", "(base64, " + content.textValue().length() + " characters, not kept)");
                }
            }
        }
        try {
            String kept = json.writeValueAsString(envelope);
            return kept.length() <= MAX_CHARS ? kept
                    : json.writeValueAsString(Map.of("note", "payload of " + kept.length()
                            + " characters is too large to keep"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the kept payload", e);
        }
    }
}
