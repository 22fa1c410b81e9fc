package vn.lienthong.gateway.ops;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import vn.lienthong.gateway.civil.PersonalData;

/**
 * How a queued or stored payload is shown in the console: every personal field masked (also inside JSON or DVCLT
 * XML carried as a string, e.g. PMHT's {@code data} or an invalid entry's {@code original}) and attachment contents
 * replaced by their size. An operator edits that display; {@link #restore} puts back every value the operator left
 * as displayed, so a replay never sends stars or size notes upstream.
 */
public final class PayloadDisplay {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern XML_ELEMENT = Pattern.compile("<([A-Za-z_][\\w.-]*)(\\s[^>]*)?>([^<]*)</\\1\\s*>");
    private static final String ATTACHMENT = "duLieuTepDinhKem";

    private PayloadDisplay() {
    }

    /** The console's view of a payload: JSON, DVCLT XML or plain text. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        JsonNode node = parse(text);
        if (node != null) {
            return write(mask(node, null));
        }
        return looksLikeXml(text) ? maskXml(text) : text;
    }

    static JsonNode mask(JsonNode node, String field) {
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), mask(e.getValue(), e.getKey()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(el -> out.add(mask(el, field)));
            return out;
        }
        if (node.isValueNode() && !node.isNull() && PersonalData.isPersonal(field)) {
            return TextNode.valueOf(PersonalData.mask(node.asText()));
        }
        if (node.isTextual()) {
            String text = node.asText();
            if (ATTACHMENT.equals(field) && !text.startsWith("(")) {
                return TextNode.valueOf("(base64, " + text.length() + " characters)");
            }
            JsonNode embedded = embeddedJson(text);
            if (embedded != null) {
                return TextNode.valueOf(write(mask(embedded, null)));
            }
            if (looksLikeXml(text)) {
                return TextNode.valueOf(maskXml(text));
            }
        }
        return node;
    }

    static String maskXml(String xml) {
        Matcher m = XML_ELEMENT.matcher(xml);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = PersonalData.isPersonal(m.group(1))
                    ? "<" + m.group(1) + (m.group(2) == null ? "" : m.group(2)) + ">" + PersonalData.mask(m.group(3)) + "</" + m.group(1) + ">"
                    : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The operator's edit of a displayed payload with every value left as displayed (masked personal fields,
     * attachment size notes) replaced by the original value at the same place. Throws IllegalArgumentException
     * when the edit is not a JSON object.
     */
    public static String restore(String edited, String original) {
        JsonNode e = parse(edited);
        if (e == null || !e.isObject()) {
            throw new IllegalArgumentException("the edited payload must be a JSON object");
        }
        JsonNode o = original == null ? null : parse(original);
        return write(restore(e, o, null));
    }

    static JsonNode restore(JsonNode edited, JsonNode original, String field) {
        if (original == null || original.isMissingNode()) {
            return edited;
        }
        if (edited.isObject() && original.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = edited.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), restore(e.getValue(), original.get(e.getKey()), e.getKey()));
            }
            return out;
        }
        if (edited.isArray() && original.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            for (int i = 0; i < edited.size(); i++) {
                out.add(restore(edited.get(i), original.get(i), field));
            }
            return out;
        }
        if (edited.isTextual()) {
            JsonNode shown = mask(original, field);
            if (shown.isTextual() && shown.asText().equals(edited.asText())) {
                return original;
            }
            if (original.isTextual()) {
                JsonNode e = embeddedJson(edited.asText());
                JsonNode o = embeddedJson(original.asText());
                if (e != null && o != null) {
                    return TextNode.valueOf(write(restore(e, o, null)));
                }
                if (looksLikeXml(edited.asText()) && looksLikeXml(original.asText())) {
                    return TextNode.valueOf(restoreXml(edited.asText(), original.asText()));
                }
            }
        }
        return edited;
    }

    static String restoreXml(String edited, String original) {
        Map<String, String> originals = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher om = XML_ELEMENT.matcher(original);
        while (om.find()) {
            int n = seen.merge(om.group(1), 1, Integer::sum);
            originals.put(om.group(1) + "#" + n, om.group(3));
        }
        seen.clear();
        Matcher m = XML_ELEMENT.matcher(edited);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int n = seen.merge(m.group(1), 1, Integer::sum);
            String before = originals.get(m.group(1) + "#" + n);
            String replacement = m.group();
            if (before != null && PersonalData.isPersonal(m.group(1)) && PersonalData.mask(before).equals(m.group(3))) {
                replacement = "<" + m.group(1) + (m.group(2) == null ? "" : m.group(2)) + ">" + before + "</" + m.group(1) + ">";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static JsonNode embeddedJson(String text) {
        String t = text.stripLeading();
        return t.startsWith("{") || t.startsWith("[") ? parse(text) : null;
    }

    private static boolean looksLikeXml(String text) {
        return text.stripLeading().startsWith("<");
    }

    static JsonNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node == null || node.isMissingNode() || !(node.isContainerNode()) ? null : node;
        } catch (Exception e) {
            return null;
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
