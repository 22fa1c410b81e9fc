package vn.lienthong.gateway.civil;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks {@code fileDinhKem[]} and returns the items in PMHT's field order. */
final class AttachmentRules {

    static final int MAX_FILE_NAME = 255;

    private final CivilLimits limits;

    AttachmentRules(CivilLimits limits) {
        this.limits = limits;
    }

    /** @param files the envelope's fileDinhKem, possibly null/missing (no attachments) */
    List<Map<String, Object>> check(JsonNode files, ProblemList problems) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (files == null || files.isMissingNode() || files.isNull()) {
            return out;
        }
        if (!files.isArray()) {
            problems.add("fileDinhKem", "must be an array, got " + JsonValues.typeName(files));
            return out;
        }
        if (files.size() > limits.maxAttachments()) {
            problems.add("fileDinhKem", "has " + files.size() + " attachments, more than the limit of "
                    + limits.maxAttachments());
        }
        // Only the allowed number is inspected: the count problem already rejects the dossier.
        int n = Math.min(files.size(), limits.maxAttachments());
        for (int i = 0; i < n; i++) {
            out.add(checkItem("fileDinhKem[" + i + "]", files.get(i), problems));
        }
        return out;
    }

    private Map<String, Object> checkItem(String path, JsonNode item, ProblemList problems) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!item.isObject()) {
            problems.add(path, "must be an object, got " + JsonValues.typeName(item));
            return out;
        }
        scalar(path, item, "id", out, problems, false);
        scalar(path, item, "loaiGiayTo", out, problems, false);
        text(path, item, "tenGiayTo", out, problems);
        fileName(path, item, out, problems);
        scalar(path, item, "huyGiayTo", out, problems, true);
        content(path, item, out, problems);
        return out;
    }

    private static void scalar(String path, JsonNode item, String name, Map<String, Object> out,
                               ProblemList problems, boolean booleanAllowed) {
        JsonNode v = item.get(name);
        if (v == null || v.isNull()) {
            return;
        }
        if (v.isTextual() || v.isNumber() || booleanAllowed && v.isBoolean()) {
            if (v.isTextual() && v.textValue().length() > CivilDataRules.MAX_TEXT) {
                problems.add(path + "." + name, "is longer than " + CivilDataRules.MAX_TEXT + " characters");
            }
            out.put(name, JsonValues.toJava(v));
        } else {
            problems.add(path + "." + name, "must be a string or number, got " + JsonValues.typeName(v));
        }
    }

    private static void text(String path, JsonNode item, String name, Map<String, Object> out, ProblemList problems) {
        JsonNode v = item.get(name);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isTextual()) {
            problems.add(path + "." + name, "must be a string, got " + JsonValues.typeName(v));
        } else if (v.textValue().length() > CivilDataRules.MAX_TEXT) {
            problems.add(path + "." + name, "is longer than " + CivilDataRules.MAX_TEXT + " characters");
        } else {
            out.put(name, v.textValue());
        }
    }

    private static void fileName(String path, JsonNode item, Map<String, Object> out, ProblemList problems) {
        String field = path + ".tenTepDinhKem";
        JsonNode v = item.get("tenTepDinhKem");
        if (v == null || v.isNull()) {
            problems.add(field, "is required");
            return;
        }
        if (!v.isTextual()) {
            problems.add(field, "must be a string, got " + JsonValues.typeName(v));
            return;
        }
        String name = v.textValue();
        if (name.isBlank()) {
            problems.add(field, "is required");
        } else if (name.length() > MAX_FILE_NAME) {
            problems.add(field, "is longer than " + MAX_FILE_NAME + " characters");
        } else if (!isPlainFileName(name)) {
            // The name may end up on a disk: no directories, no control characters.
            problems.add(field, "must be a plain file name without path separators or control characters");
        } else {
            out.put("tenTepDinhKem", name);
        }
    }

    private void content(String path, JsonNode item, Map<String, Object> out, ProblemList problems) {
        String field = path + ".duLieuTepDinhKem";
        JsonNode v = item.get("duLieuTepDinhKem");
        if (v == null || v.isNull()) {
            problems.add(field, "is required");
            return;
        }
        if (!v.isTextual()) {
            problems.add(field, "must be a base64 string, got " + JsonValues.typeName(v));
            return;
        }
        String b64 = v.textValue();
        if (b64.isEmpty()) {
            problems.add(field, "is required");
            return;
        }
        Base64Size.Result r = Base64Size.check(b64, limits.maxAttachmentBytes());
        if (r.reason() != null) {
            problems.add(field, r.reason());
        } else {
            out.put("duLieuTepDinhKem", b64);
        }
    }

    static boolean isPlainFileName(String name) {
        if (name.equals(".") || name.equals("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
