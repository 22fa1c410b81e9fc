package vn.lienthong.gateway.platform;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** GET /api/info: which environment and which upstreams this gateway talks to (pushing to the wrong PMHT is a top support case). */
public final class GatewayInfo {

    private final String json;

    GatewayInfo(GatewayConfig config, Map<String, String> upstreamUrls) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", "lienthong-gateway");
        info.put("environment", config.environmentName());
        info.put("version", GatewayInfo.class.getPackage().getImplementationVersion());
        Map<String, String> upstreams = new LinkedHashMap<>();
        upstreamUrls.forEach((k, v) -> upstreams.put(k, GatewayConfig.redactUrl(v)));
        info.put("upstreams", upstreams);
        try {
            this.json = new ObjectMapper().writeValueAsString(info);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String json() {
        return json;
    }
}
