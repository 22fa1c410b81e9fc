package vn.lienthong.gateway.civil;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions between Jackson trees, plain Java values and the type words used in Problem reasons. */
final class JsonValues {

    private JsonValues() {
    }

    /** "string", "number", "boolean", "object", "array" or "null", as a sender would say it. */
    static String typeName(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    /** Same words for plain Java values (as found in the data map). */
    static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List) {
            return "array";
        }
        return value.getClass().getSimpleName();
    }

    /**
     * Tree -> String / Number / Boolean / null / List / LinkedHashMap. Depth is already bounded by the
     * parser's StreamReadConstraints, so recursion is safe.
     */
    static Object toJava(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                node.fields().forEachRemaining(e -> map.put(e.getKey(), toJava(e.getValue())));
                return map;
            }
            case ARRAY: {
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(n -> list.add(toJava(n)));
                return list;
            }
            case STRING:
                return node.textValue();
            case NUMBER:
                return node.numberValue();
            case BOOLEAN:
                return node.booleanValue();
            default:
                return null;
        }
    }
}
