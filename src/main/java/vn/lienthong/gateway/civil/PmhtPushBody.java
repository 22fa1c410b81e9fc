package vn.lienthong.gateway.civil;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Builds PMHT's push body (flow F2) in a fixed key order, with {@code data} serialized as a JSON string. */
final class PmhtPushBody {

    private final ObjectMapper mapper;

    PmhtPushBody(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String build(String maDonVi, String module, String maHoSo, String maHoSoMCDT, LocalDateTime received,
                  Map<String, Object> data, List<Map<String, Object>> files) {
        try {
            // Sorted keys: the same content always gives the same string, hence the same contentVersion.
            String dataJson = mapper.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsString(data);
            ObjectNode body = mapper.createObjectNode();
            body.put("maDonVi", maDonVi);
            body.put("module", module);
            body.put("maHoSoLT", maHoSo);
            body.put("maHoSoMCDT", maHoSoMCDT);
            body.put("ngayTiepNhan", received.format(DossierDates.PMHT_DATE_TIME));
            body.put("data", dataJson);
            body.set("fileDinhKem", mapper.valueToTree(files));
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the PMHT push body", e);
        }
    }

    /** Lowercase hex SHA-256 of the push body: same body, same version. */
    static String contentVersion(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
