package vn.lienthong.gateway.civil;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns DVCLT's XML {@code data} ({@code <hoTich>...</hoTich>}) into a map shaped like the JSON form:
 * a leaf element becomes its trimmed text, an element with child elements a nested map, and repeated
 * sibling elements a list. Attributes, comments and processing instructions are ignored.
 *
 * <p>The XML comes from outside, so the parser refuses any DOCTYPE (no DTD, hence no external entities and
 * no entity expansion bombs), has XInclude off and runs with secure processing limits.
 */
public final class DvcltXmlReader {

    public static final String ROOT = "hoTich";
    static final String DOCTYPE_REASON = "XML with DOCTYPE is not accepted";

    private static final String ORACLE_PROPS = "http://www.oracle.com/xml/jaxp/properties/";

    /** What came out of one read: either the data map or the one reason it could not be read. */
    public sealed interface Result {
        record Parsed(Map<String, Object> data) implements Result {
        }

        record Failed(Problem problem) implements Result {
        }
    }

    private final int maxDepth;
    private final DocumentBuilderFactory factory;

    /** @param maxDepth deepest element nesting accepted, the root {@code <hoTich>} counting as 1 */
    public DvcltXmlReader(int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1");
        }
        this.maxDepth = maxDepth;
        this.factory = secureFactory(maxDepth);
    }

    public DvcltXmlReader() {
        this(CivilLimits.defaults().maxJsonDepth());
    }

    /**
     * Never throws for any input string.
     *
     * @param field path used in the Problem, e.g. {@code data}
     */
    public Result read(String field, String xml) {
        if (xml == null) {
            return new Result.Failed(new Problem(field, "XML is missing"));
        }
        String text = stripBomAndLeadingSpace(xml);
        Document doc;
        try {
            doc = newBuilder().parse(new InputSource(new StringReader(text)));
        } catch (SAXParseException e) {
            return new Result.Failed(new Problem(field, describe(e, text)));
        } catch (SAXException | IOException | RuntimeException e) {
            // Any other parser failure is still the input's fault as far as the sender is concerned.
            return new Result.Failed(new Problem(field, "XML could not be read: " + e.getClass().getSimpleName()));
        }
        Element root = doc.getDocumentElement();
        if (!ROOT.equals(name(root))) {
            return new Result.Failed(new Problem(field,
                    "XML root element must be <" + ROOT + ">, got <" + Texts.quote(name(root)) + ">"));
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) toValue(root, 1, true);
            return new Result.Parsed(data);
        } catch (TooDeep e) {
            return new Result.Failed(new Problem(field, "XML nests deeper than " + maxDepth + " levels"));
        }
    }

    private DocumentBuilder newBuilder() {
        DocumentBuilder builder;
        // DocumentBuilderFactory is not documented as thread-safe; builders are cheap.
        synchronized (factory) {
            try {
                builder = factory.newDocumentBuilder();
            } catch (ParserConfigurationException e) {
                throw new IllegalStateException("secure XML parser unavailable", e);
            }
        }
        builder.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                // warnings do not make the document unusable
            }

            @Override
            public void error(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        // Belt and braces: even if a DTD slipped through, never resolve anything external.
        builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
        return builder;
    }

    private Object toValue(Element element, int depth, boolean forceMap) throws TooDeep {
        if (depth > maxDepth) {
            throw new TooDeep();
        }
        List<Element> children = childElements(element);
        if (children.isEmpty() && !forceMap) {
            return element.getTextContent().trim();
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (Element child : children) {
            String key = name(child);
            Object value = toValue(child, depth + 1, false);
            Object existing = map.get(key);
            if (existing == null) {
                map.put(key, value);
            } else if (existing instanceof RepeatedList list) {
                list.add(value);
            } else {
                RepeatedList list = new RepeatedList();
                list.add(existing);
                list.add(value);
                map.put(key, list);
            }
        }
        return map;
    }

    private static List<Element> childElements(Element element) {
        List<Element> out = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                out.add((Element) n);
            }
        }
        return out;
    }

    private static String name(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getNodeName();
    }

    private String describe(SAXParseException e, String text) {
        String msg = String.valueOf(e.getMessage());
        // The parser's message is locale dependent, so also look at the text itself.
        if (msg.contains("DOCTYPE") || msg.contains("disallow-doctype-decl") || text.contains("<!DOCTYPE")) {
            return DOCTYPE_REASON;
        }
        if (msg.contains("maxElementDepth")) {
            return "XML nests deeper than " + maxDepth + " levels";
        }
        return "malformed XML at line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": "
                + Texts.quote(firstLine(msg));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String stripBomAndLeadingSpace(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == '\uFEFF' || Character.isWhitespace(s.charAt(i)))) {
            i++;
        }
        return s.substring(i);
    }

    private static DocumentBuilderFactory secureFactory(int maxDepth) {
        // The JDK's own implementation, so a parser jar elsewhere on the classpath cannot weaken the setup.
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            // Refuse to run with a parser we cannot make safe.
            throw new IllegalStateException("cannot configure a secure XML parser", e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        setOptional(f, ORACLE_PROPS + "entityExpansionLimit", "64");
        setOptional(f, ORACLE_PROPS + "maxElementDepth", String.valueOf(maxDepth + 1));
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(true);
        f.setValidating(false);
        return f;
    }

    private static void setOptional(DocumentBuilderFactory f, String name, String value) {
        try {
            f.setAttribute(name, value);
        } catch (IllegalArgumentException ignored) {
            // Not every JDK knows these limits; the DOCTYPE ban already prevents entity bombs.
        }
    }

    private static final class TooDeep extends Exception {
        TooDeep() {
            super(null, null, false, false);
        }
    }

    /** A list made from repeated sibling elements (marker type so a later sibling appends to it). */
    private static final class RepeatedList extends ArrayList<Object> {
    }
}
