package vn.lienthong.gateway.civil;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Entries of the review/alert queue civil.status.anomaly: {maHoSo, kind, cause, at}. Something the lifecycle
 * cannot decide alone (unknown PMHT status, PMHT errors, dossier unknown to PMHT, corrupt certificate, refused
 * push or status update) goes there, never only into a log line.
 */
public final class Anomalies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Anomalies() {
    }

    public static String of(String maHoSo, String kind, String cause, Clock clock) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("maHoSo", maHoSo);
        m.put("kind", kind);
        m.put("cause", cause);
        m.put("at", clock.instant().toString());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
