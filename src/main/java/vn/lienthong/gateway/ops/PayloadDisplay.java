package vn.lienthong.gateway.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * How a queued or stored payload is shown in the console: every personal field ({@link PersonalFields}, one rule set
 * for all flows) masked, also inside JSON or XML carried as a string (PMHT's {@code data}, an invalid entry's
 * {@code original}), in namespaced or CDATA XML, and in DHIS2 data values; attachment contents replaced by their
 * size. An operator edits that display; {@link #restore} puts back every value the operator left as displayed, so a
 * replay never sends stars or size notes upstream.
 */
public final class PayloadDisplay {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** XML markup: CDATA, comment, processing instruction, declaration, end tag (1) or start tag (2 name, 3 attributes, 4 "/"). */
    private static final Pattern XML_TOKEN = Pattern.compile("<!\\[CDATA\\[.*?]]>|<!--.*?-->|<\\?.*?\\?>|<![^>]*>"
            + "|</\\s*([^\\s>]+)\\s*>|<([^\\s/>!?]+)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>", Pattern.DOTALL);
    private static final Pattern ENTITY = Pattern.compile("&(#x[0-9A-Fa-f]+|#\\d+|lt|gt|amp|quot|apos);");
    private static final String ATTACHMENT = "duLieuTepDinhKem";

    private PayloadDisplay() {
    }

    /** The console's view of a payload: JSON, XML or plain text. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        JsonNode node = parse(text);
        if (node != null) {
            return write(mask(node, null, false));
        }
        return looksLikeXml(text) ? maskXml(text) : text;
    }

    /** @param personal the node is (inside) a personal field: every value in it is masked */
    static JsonNode mask(JsonNode node, String field, boolean personal) {
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), mask(e.getValue(), e.getKey(), personal || PersonalFields.isPersonal(e.getKey(), node)));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(el -> out.add(mask(el, field, personal)));
            return out;
        }
        if (personal && node.isValueNode() && !node.isNull()) {
            JsonNode embedded = node.isTextual() ? embeddedJson(node.asText()) : null;
            if (embedded != null) {
                return TextNode.valueOf(write(mask(embedded, null, true)));
            }
            return TextNode.valueOf(PersonalFields.mask(node.asText()));
        }
        if (node.isTextual()) {
            String text = node.asText();
            if (ATTACHMENT.equals(field) && !text.startsWith("(")) {
                return TextNode.valueOf("(base64, " + text.length() + " characters)");
            }
            JsonNode embedded = embeddedJson(text);
            if (embedded != null) {
                return TextNode.valueOf(write(mask(embedded, null, false)));
            }
            if (looksLikeXml(text)) {
                return TextNode.valueOf(maskXml(text));
            }
        }
        return node;
    }

    /** A personal element of an XML text: where its content starts and ends, and the content as displayed. */
    private record XmlField(String name, int contentStart, int contentEnd, String shown) {
    }

    /**
     * The personal elements of an XML text, outermost only, found by a tolerant scan (the text may be malformed: it
     * may be on an invalid queue because of that). An unclosed personal element runs to the end of the text.
     */
    private static List<XmlField> personalElements(String xml) {
        List<XmlField> found = new ArrayList<>();
        Matcher m = XML_TOKEN.matcher(xml);
        String open = null;
        int depth = 0;
        int contentStart = 0;
        while (m.find()) {
            String start = m.group(2);
            String end = m.group(1);
            if (open == null) {
                if (start != null && m.group(4).isEmpty() && PersonalFields.isPersonal(start)) {
                    open = start;
                    depth = 1;
                    contentStart = m.end();
                }
            } else if (start != null && start.equals(open) && m.group(4).isEmpty()) {
                depth++;
            } else if (end != null && end.equals(open) && --depth == 0) {
                found.add(field(xml, open, contentStart, m.start()));
                open = null;
            }
        }
        if (open != null) {
            found.add(field(xml, open, contentStart, xml.length()));
        }
        return found;
    }

    private static XmlField field(String xml, String name, int from, int to) {
        return new XmlField(name, from, to, escapeXml(PersonalFields.mask(xmlText(xml.substring(from, to)).strip())));
    }

    /** The character content of an XML fragment, as a parser reads it: markup dropped, CDATA and entities resolved. */
    static String xmlText(String fragment) {
        StringBuilder text = new StringBuilder();
        Matcher m = XML_TOKEN.matcher(fragment);
        int last = 0;
        while (m.find()) {
            text.append(decodeEntities(fragment.substring(last, m.start())));
            if (m.group().startsWith("<![CDATA[")) {
                text.append(m.group(), 9, m.group().length() - 3);
            }
            last = m.end();
        }
        text.append(decodeEntities(fragment.substring(last)));
        return text.toString();
    }

    static String maskXml(String xml) {
        StringBuilder out = new StringBuilder();
        int last = 0;
        for (XmlField f : personalElements(xml)) {
            out.append(xml, last, f.contentStart()).append(f.shown());
            last = f.contentEnd();
        }
        return out.append(xml, last, xml.length()).toString();
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
        return write(restore(e, o, null, false));
    }

    static JsonNode restore(JsonNode edited, JsonNode original, String field, boolean personal) {
        if (original == null || original.isMissingNode()) {
            return edited;
        }
        if (edited.isObject() && original.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = edited.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), restore(e.getValue(), original.get(e.getKey()), e.getKey(),
                        personal || PersonalFields.isPersonal(e.getKey(), original)));
            }
            return out;
        }
        if (edited.isArray() && original.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            for (int i = 0; i < edited.size(); i++) {
                out.add(restore(edited.get(i), original.get(i), field, personal));
            }
            return out;
        }
        if (edited.isTextual()) {
            JsonNode shown = mask(original, field, personal);
            if (shown.isTextual() && shown.asText().equals(edited.asText())) {
                return original;
            }
            if (original.isTextual()) {
                JsonNode e = embeddedJson(edited.asText());
                JsonNode o = embeddedJson(original.asText());
                if (e != null && o != null) {
                    return TextNode.valueOf(write(restore(e, o, null, personal)));
                }
                if (looksLikeXml(edited.asText()) && looksLikeXml(original.asText())) {
                    return TextNode.valueOf(restoreXml(edited.asText(), original.asText()));
                }
            }
        }
        return edited;
    }

    /** Puts back, element by element (by name and occurrence), each personal value the operator left as shown. */
    static String restoreXml(String edited, String original) {
        Map<String, XmlField> originals = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (XmlField f : personalElements(original)) {
            originals.put(f.name() + "#" + seen.merge(f.name(), 1, Integer::sum), f);
        }
        seen.clear();
        StringBuilder out = new StringBuilder();
        int last = 0;
        for (XmlField f : personalElements(edited)) {
            XmlField before = originals.get(f.name() + "#" + seen.merge(f.name(), 1, Integer::sum));
            if (before != null && before.shown().equals(edited.substring(f.contentStart(), f.contentEnd()))) {
                out.append(edited, last, f.contentStart()).append(original, before.contentStart(), before.contentEnd());
                last = f.contentEnd();
            }
        }
        return out.append(edited, last, edited.length()).toString();
    }

    private static String decodeEntities(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r = switch (e) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> {
                    try {
                        int cp = e.startsWith("#x") ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1));
                        yield Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : m.group();
                    } catch (NumberFormatException ex) {
                        yield m.group();
                    }
                }
            };
            m.appendReplacement(out, Matcher.quoteReplacement(r));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String escapeXml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
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
