package vn.lienthong.gateway.civil;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import vn.lienthong.gateway.ledger.FileStore;
import vn.lienthong.gateway.ledger.ResultRecords;

/**
 * The registration result PMHT reports with trangThai 4 (DOMAIN.md F4): decodes the signed certificate (base64 PDF),
 * checks it is a whole PDF within the size limit, stores it by SHA-256 and records the registration facts. Which field
 * holds the certificate depends on the module pushed ({@link ModuleCatalog#resultField}): {@code giayKhaiSinh} for
 * births, {@code giayKhaiTu} for deaths; for LTKH and the v1.0 modules no document names it, so the one field of
 * ketQuaXuLy that holds a PDF is taken and its name recorded. A corrupt result is an answer ({@link Stored.Bad}), not
 * an exception: the dossier gets an error in its trail and an anomaly, the gateway goes on.
 */
public class ResultCertificates {

    static final List<String> DOCUMENT_FIELDS = List.of("giayKhaiSinh", "giayKhaiTu");
    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    /** "%PDF-" in base64: how a field holding a PDF begins. */
    private static final String PDF_MAGIC_BASE64 = "JVBERi0";
    private static final byte[] PDF_EOF = "%%EOF".getBytes(StandardCharsets.US_ASCII);

    /** Outcome of storing a result. */
    public sealed interface Stored {
        /** {@code facts} are the result's other fields (what DVCLT gets besides the file). */
        record Ok(String sha256, String documentField, long sizeBytes, Map<String, Object> facts, boolean fieldInferred)
                implements Stored {

            /** The trail's line: the field, and whether it was named by the documents or inferred. */
            public String note() {
                return documentField + " stored (" + sizeBytes + " bytes, sha256 " + sha256.substring(0, 12) + ")"
                        + (fieldInferred ? "; field inferred: the only PDF in ketQuaXuLy (no document names it for this module)" : "");
            }
        }

        record Bad(String reason) implements Stored {
        }
    }

    private final FileStore store;
    private final ResultRecords records;
    private final long maxBytes;
    private final ModuleCatalog modules;
    private final ObjectMapper json = new ObjectMapper();

    public ResultCertificates(FileStore store, ResultRecords records, long maxBytes) {
        this(store, records, maxBytes, ModuleCatalog.load());
    }

    public ResultCertificates(FileStore store, ResultRecords records, long maxBytes, ModuleCatalog modules) {
        this.store = store;
        this.records = records;
        this.maxBytes = maxBytes;
        this.modules = modules;
    }

    /** The result without its module: the birth or death certificate field, whichever is there. */
    public Stored store(String maHoSo, String contentVersion, JsonNode ketQuaXuLy) {
        return store(maHoSo, contentVersion, null, ketQuaXuLy);
    }

    /** The result of a dossier pushed as {@code module}: its certificate field read per module (see the class). */
    public Stored store(String maHoSo, String contentVersion, String module, JsonNode ketQuaXuLy) {
        JsonNode result = ketQuaXuLy;
        if (result != null && result.isTextual()) {
            try {
                result = json.readTree(result.asText());
            } catch (Exception e) {
                return new Stored.Bad("ketQuaXuLy is not JSON");
            }
        }
        if (result == null || !result.isObject()) {
            return new Stored.Bad("ketQuaXuLy is missing or not a JSON object");
        }
        final JsonNode r = result;
        Optional<String> named = module == null ? Optional.empty() : modules.resultField(module);
        String field;
        boolean inferred = false;
        if (module == null) {
            field = DOCUMENT_FIELDS.stream().filter(f -> present(r, f)).findFirst().orElse(null);
            if (field == null) {
                return new Stored.Bad("ketQuaXuLy has no giayKhaiSinh or giayKhaiTu (the certificate must be signed and issued first)");
            }
        } else if (named.isPresent()) {
            field = named.get();
            if (!present(r, field)) {
                return new Stored.Bad("ketQuaXuLy of module " + module + " has no " + field
                        + " (the certificate must be signed and issued first)");
            }
        } else {
            // no document names the field for this module: the single field holding a base64 PDF is the certificate
            List<String> pdfs = new ArrayList<>();
            r.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual() && base64(e.getValue().asText()).startsWith(PDF_MAGIC_BASE64)) {
                    pdfs.add(e.getKey());
                }
            });
            if (pdfs.isEmpty()) {
                return new Stored.Bad("ketQuaXuLy of module " + module + " has no field holding a base64 PDF"
                        + " (the certificate must be signed and issued first)");
            }
            if (pdfs.size() > 1) {
                return new Stored.Bad("ketQuaXuLy of module " + module + " has " + pdfs.size() + " PDF fields ("
                        + String.join(", ", pdfs) + "); one certificate was expected");
            }
            field = pdfs.get(0);
            inferred = true;
            if (!field.matches("[A-Za-z][A-Za-z0-9_]{0,31}")) {
                // recorded with the result and in the DVCLT update: a name, at most 32 characters (result_record)
                return new Stored.Bad("ketQuaXuLy of module " + module + ": the PDF field's name is not a name of at"
                        + " most 32 letters and digits");
            }
        }
        String b64 = base64(result.get(field).asText());
        // bound the work before decoding: 4 base64 characters carry 3 bytes
        if ((long) b64.length() / 4 * 3 > maxBytes + 3) {
            return new Stored.Bad(field + " is larger than the limit of " + maxBytes + " bytes");
        }
        byte[] pdf;
        try {
            pdf = Base64.getDecoder().decode(b64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            return new Stored.Bad(field + " is not valid base64: " + e.getMessage());
        }
        if (pdf.length > maxBytes) {
            return new Stored.Bad(field + " is larger than the limit of " + maxBytes + " bytes");
        }
        if (!startsWith(pdf, PDF_MAGIC)) {
            return new Stored.Bad(field + " is not a PDF (no %PDF- header)");
        }
        if (!endsWithEof(pdf)) {
            return new Stored.Bad(field + " is a truncated PDF (no %%EOF marker at its end)");
        }
        String sha = store.put(pdf);
        Map<String, Object> facts = new LinkedHashMap<>();
        result.fields().forEachRemaining(e -> {
            if (!DOCUMENT_FIELDS.contains(e.getKey()) && !e.getKey().equals(field) && e.getValue().isValueNode()) {
                facts.put(e.getKey(), e.getValue().asText());
            }
        });
        records.save(new ResultRecords.Result(maHoSo, contentVersion, field, sha, pdf.length,
                str(facts, "soDinhDanh"), str(facts, "soDangKy"), str(facts, "quyenSo"), str(facts, "trangSo"),
                str(facts, "ngayDangKy")));
        return new Stored.Ok(sha, field, pdf.length, facts, inferred);
    }

    private static boolean present(JsonNode result, String field) {
        return result.path(field).isTextual() && !result.get(field).asText().isBlank();
    }

    /** The base64 text of a field, without a {@code data:...,} prefix and leading blanks. */
    private static String base64(String value) {
        String b64 = value.strip();
        int comma = b64.startsWith("data:") ? b64.indexOf(',') : -1;
        return comma >= 0 ? b64.substring(comma + 1).strip() : b64;
    }

    /** The stored certificate of a dossier, or null (GET /api/dossiers/{maHoSo}/result). */
    public byte[] certificate(String maHoSo) {
        return records.find(maHoSo).flatMap(r -> store.get(r.sha256())).orElse(null);
    }

    private static String str(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v == null ? null : v.toString();
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWithEof(byte[] b) {
        int from = Math.max(0, b.length - 1024);
        outer:
        for (int i = b.length - PDF_EOF.length; i >= from; i--) {
            for (int j = 0; j < PDF_EOF.length; j++) {
                if (b[i + j] != PDF_EOF[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
