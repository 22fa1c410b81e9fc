package vn.lienthong.gateway.ops;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A review case fixed by choice: the operator picks one candidate unit per ambiguous address field, and the
 * dossier's field becomes the PMHT address object {maTinh, maHuyen, maXa, dcChiTiet} of that unit, which the flow
 * checks again like any coded address. Only the candidates the gateway offered can be chosen.
 */
final class AddressChoice {

    /** Words that start an administrative unit's part of an address text (folded: no accents, lower case). */
    private static final List<String> UNIT_WORDS = List.of("xa ", "phuong ", "thi tran ", "huyen ", "quan ", "thi xa ",
            "thanh pho ", "tp ", "tp.", "tinh ", "dac khu ");
    private static final String UNIT_SUFFIX = "DVHC";

    private AddressChoice() {
    }

    /** The review entry's original dossier with every chosen address set; throws IllegalArgumentException. */
    static String apply(JsonNode entry, JsonNode choices, ObjectMapper json) {
        if (entry == null || !entry.path("original").isTextual() || !entry.path("ambiguities").isArray()) {
            throw new IllegalArgumentException("the message is not a review entry with ambiguities");
        }
        JsonNode original;
        try {
            original = json.readTree(entry.path("original").asText());
        } catch (Exception e) {
            original = null;
        }
        if (original == null || !original.path("data").isObject()) {
            throw new IllegalArgumentException("the dossier is not JSON with a data object; use Edit before replay");
        }
        ObjectNode data = (ObjectNode) original.path("data");
        Iterator<Map.Entry<String, JsonNode>> it = choices.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> choice = it.next();
            JsonNode ambiguity = find(entry.path("ambiguities"), choice.getKey());
            if (ambiguity == null) {
                throw new IllegalArgumentException(choice.getKey() + " is not an ambiguous field of this dossier");
            }
            JsonNode candidate = null;
            for (JsonNode c : ambiguity.path("candidates")) {
                if (c.path("maXa").asText().equals(choice.getValue().asText())) {
                    candidate = c;
                }
            }
            if (candidate == null) {
                throw new IllegalArgumentException(choice.getKey() + ": " + choice.getValue().asText()
                        + " is not one of the candidate units");
            }
            String field = choice.getKey().startsWith("data.") ? choice.getKey().substring(5) : choice.getKey();
            JsonNode raw = data.get(field);
            String unitText = data.path(field + UNIT_SUFFIX).isTextual() ? data.path(field + UNIT_SUFFIX).asText() : null;
            String detail = raw != null && raw.isTextual() ? (unitText != null ? raw.asText().strip() : detail(raw.asText())) : "";
            ObjectNode address = data.objectNode();
            address.put("maTinh", candidate.path("maTinh").asText());
            address.put("maHuyen", candidate.path("maHuyen").asText());
            address.put("maXa", candidate.path("maXa").asText());
            address.put("dcChiTiet", detail);
            data.set(field, address);
            data.remove(field + UNIT_SUFFIX);
        }
        try {
            return json.writeValueAsString(original);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot write the dossier");
        }
    }

    /** For the trail: which field got which unit (codes only, never the address text). */
    static String describe(JsonNode choices) {
        List<String> parts = new ArrayList<>();
        choices.fields().forEachRemaining(e -> parts.add(e.getKey() + " -> maXa " + e.getValue().asText()));
        return String.join(", ", parts);
    }

    private static JsonNode find(JsonNode ambiguities, String field) {
        for (JsonNode a : ambiguities) {
            String f = a.path("field").asText();
            if (f.equals(field) || f.equals("data." + field)) {
                return a;
            }
        }
        return null;
    }

    /** The text before its first part that names a unit ("Số 5 phố X, Phường Y, Quận Z" -> "Số 5 phố X"). */
    static String detail(String text) {
        String[] parts = text.split(",");
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            String folded = fold(part.strip());
            if (UNIT_WORDS.stream().anyMatch(folded::startsWith)) {
                break;
            }
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(part);
        }
        return out.toString().strip();
    }

    private static String fold(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").replace('đ', 'd').replace('Đ', 'D')
                .toLowerCase(Locale.ROOT);
    }
}
