package vn.lienthong.gateway.molisa;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The messages between the MOLISA flow's queues. A ready item (molisa.*.ready) is
 * {@code {"trackingId", "MaHoSo", "record": {...wire object...}}}; a batch (molisa.dispatch, DLQ.molisa.dispatch) is
 * {@code {"operation": "DongBoDVC", "items": [item, ...]}}, self-describing so that a dead-lettered batch can be
 * replayed as it is.
 */
public final class MolisaBatches {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record of a batch; {@code toString()} leaves the record out (personal data). */
    public record Item(String trackingId, String maHoSo, Map<String, Object> record) {
        @Override
        public String toString() {
            return "Item[MaHoSo=" + maHoSo + ", trackingId=" + trackingId + "]";
        }
    }

    public record Batch(String operation, List<Item> items) {
        public List<String> codes() {
            return items.stream().map(Item::maHoSo).toList();
        }
    }

    private MolisaBatches() {
    }

    static Map<String, Object> item(String trackingId, String maHoSo, Map<String, Object> record) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("trackingId", trackingId);
        item.put("MaHoSo", maHoSo);
        item.put("record", record);
        return item;
    }

    static String envelope(String operation, List<Map<String, Object>> items) {
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("operation", operation);
        batch.put("items", items);
        return write(batch);
    }

    /** A batch message from ready items as they were read from the queue (JSON texts). */
    public static String envelopeOfItems(String operation, List<String> itemJsons) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (String text : itemJsons) {
            items.add(readObject(text));
        }
        return envelope(operation, items);
    }

    static String envelopeOf(String operation, List<Item> items) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Item i : items) {
            out.add(item(i.trackingId(), i.maHoSo(), i.record()));
        }
        return envelope(operation, out);
    }

    /** MaHoSo of a ready item, for the batch message's maHoSo header (null when unreadable). */
    public static String maHoSoOfItem(String itemJson) {
        try {
            JsonNode n = JSON.readTree(itemJson);
            return n != null && n.path("MaHoSo").isTextual() ? n.get("MaHoSo").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    public static Batch parse(String batchJson) {
        Map<String, Object> batch = readObject(batchJson);
        Object operation = batch.get("operation");
        Object items = batch.get("items");
        if (!(operation instanceof String op) || MolisaIntake.Kind.ofOperation(op) == null || !(items instanceof List<?> list)) {
            throw new IllegalArgumentException("not a MOLISA batch: needs {\"operation\": DongBoDVC|XuLyHoSo|FileQuyetDinh, \"items\": [...]}");
        }
        List<Item> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m) || !(m.get("record") instanceof Map<?, ?> record)) {
                throw new IllegalArgumentException("not a MOLISA batch item: needs {\"record\": {...}}");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) record;
            Object maHoSo = m.get("MaHoSo") != null ? m.get("MaHoSo") : r.get("MaHoSo");
            out.add(new Item(m.get("trackingId") == null ? null : String.valueOf(m.get("trackingId")),
                    maHoSo == null ? null : String.valueOf(maHoSo), r));
        }
        return new Batch(op, out);
    }

    /** Identity of a record's content for the exactly-once claim: operation + SHA-256 of its wire JSON. */
    static String version(String operation, Map<String, Object> record) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(write(record).getBytes(StandardCharsets.UTF_8));
            return operation + ":" + HexFormat.of().formatHex(digest).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> readObject(String text) {
        try {
            return JSON.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getClass().getSimpleName());
        }
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a MOLISA queue message", e);
        }
    }
}
