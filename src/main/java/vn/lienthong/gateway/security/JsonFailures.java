package vn.lienthong.gateway.security;

import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * Why a JSON text could not be read, without Jackson's own message: that message quotes the input around the
 * error (a citizen's name, an ID number, a token), and reasons go to callers, queues and logs. The reason names
 * the position (line, column) and, for a mapping error, the field path; never a value.
 */
public final class JsonFailures {

    /** Field names from the input are only repeated when they look like field names, not like data. */
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private JsonFailures() {
    }

    /** E.g. "not valid JSON at line 1, column 12: the document ends early". */
    public static String reason(JsonProcessingException e) {
        StringBuilder out = new StringBuilder("not valid JSON");
        String where = where(e);
        if (!where.isEmpty()) {
            out.append(' ').append(where);
        }
        return out.append(": ").append(what(e)).toString();
    }

    /** "at line L, column C" and/or "at field a.b[2]", or empty when Jackson knows neither. */
    public static String where(JsonProcessingException e) {
        StringBuilder out = new StringBuilder();
        JsonLocation loc = e.getLocation();
        if (loc != null && loc.getLineNr() > 0) {
            out.append("at line ").append(loc.getLineNr()).append(", column ").append(loc.getColumnNr());
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            out.append(out.isEmpty() ? "" : ", ").append("at field ").append(path(m));
        }
        return out.toString();
    }

    /**
     * An exception to rethrow instead of Jackson's where a parse failure cannot be answered (it would reach the
     * dead-letter headers and logs): the safe reason, Jackson's stack frames for debugging, no cause.
     */
    public static IllegalStateException unreadable(String what, JsonProcessingException e) {
        IllegalStateException safe = new IllegalStateException(what + ": " + reason(e));
        safe.setStackTrace(e.getStackTrace());
        return safe;
    }

    private static String what(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "exceeds a parser limit (nesting, string, name, number or document length)";
        }
        if (e instanceof JsonEOFException) {
            return "the document ends early";
        }
        String original = String.valueOf(e.getOriginalMessage());
        // classified by Jackson's fixed wording only; none of the text after it is repeated
        if (original.startsWith("Duplicate field")) {
            return "a field appears twice";
        }
        if (original.startsWith("Unexpected end-of-input")) {
            return "the document ends early";
        }
        if (original.startsWith("Unexpected character") || original.startsWith("Unrecognized token")
                || original.startsWith("Unexpected close marker") || original.startsWith("Illegal unquoted character")
                || original.startsWith("Invalid UTF-8") || original.startsWith("Illegal character")) {
            return "unexpected character or token";
        }
        if (original.startsWith("Numeric value") || original.contains("out of range")) {
            return "a number is out of range";
        }
        if (e instanceof JsonMappingException) {
            return "a value has the wrong type";
        }
        return "the text cannot be parsed";
    }

    private static String path(JsonMappingException m) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : m.getPath()) {
            if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            } else {
                String name = ref.getFieldName();
                String shown = name != null && FIELD_NAME.matcher(name).matches() ? name : "?";
                out.append(out.isEmpty() ? "" : ".").append(shown);
            }
        }
        return out.toString();
    }
}
