package vn.lienthong.gateway.molisa;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.lienthong.gateway.molisa.MolisaFieldSpec.Table;
import vn.lienthong.gateway.platform.UpstreamUnavailableException;

/**
 * MOLISA's four operations over the JDK HTTP client. Every call carries the shared token in the {@code AccessKey}
 * header; a refused token (HTTP 401/403 or a configured auth {@code error_code}) is dropped, fetched again and the
 * call retried once. Business answers come back as {@link MolisaResult}; anything that is not an answer
 * (connection error, timeout, 5xx, unreadable body) throws {@link UpstreamUnavailableException} for the route's
 * retry / dead-letter policy. Thread-safe.
 */
public final class MolisaClient {

    private static final Logger LOG = LoggerFactory.getLogger(MolisaClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MolisaConfig config;
    private final HttpClient http;
    private final MolisaTokenCache tokens;

    public MolisaClient(MolisaConfig config) {
        this(config, HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build(), Clock.systemUTC());
    }

    public MolisaClient(MolisaConfig config, HttpClient http, Clock clock) {
        this.config = config;
        this.http = http;
        this.tokens = new MolisaTokenCache(this::getToken, clock, config.tokenTtl());
    }

    /** DongBoDVC: an array of mapped dossiers. */
    public MolisaResult syncDossiers(List<Map<String, Object>> records) {
        return send(Table.DONG_BO_DVC, records);
    }

    /** XuLyHoSo: an array of mapped progress steps. */
    public MolisaResult syncProgress(List<Map<String, Object>> records) {
        return send(Table.XU_LY_HO_SO, records);
    }

    /** FileQuyetDinh: decision files, sent as an array like the seed's example. */
    public MolisaResult sendDecisions(List<Map<String, Object>> records) {
        return send(Table.FILE_QUYET_DINH, records);
    }

    public MolisaResult sendDecision(Map<String, Object> record) {
        return sendDecisions(List.of(record));
    }

    /** Posts {@code records} as a JSON array to the table's operation. */
    public MolisaResult send(Table table, List<Map<String, Object>> records) {
        String body;
        try {
            body = JSON.writeValueAsString(records);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("records cannot be written as JSON", e);
        }
        String operation = table.operation();
        String token = tokens.token();
        Answer answer = post(operation, body, token);
        if (isAuthFailure(answer)) {
            LOG.info("MOLISA {} refused the session token; fetching a new one and retrying once", operation);
            tokens.invalidate(token);
            answer = post(operation, body, tokens.token());
            if (isAuthFailure(answer)) {
                throw new UpstreamUnavailableException("MOLISA " + operation + " refused a freshly issued token (HTTP "
                        + answer.status() + ", error_code " + answer.result().errorCode() + ")");
            }
        }
        if (!answer.result().ok()) {
            LOG.info("MOLISA {} answered error_code {} for {} record(s)", operation, answer.result().errorCode(),
                    records.size());
        }
        return answer.result();
    }

    /** GetToken, uncached: used by the token cache. Refused credentials are an upstream problem, not a record's. */
    public String getToken() {
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("username", config.username());
        credentials.put("password", config.password());
        String body;
        try {
            body = JSON.writeValueAsString(credentials);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Answer answer = post("GetToken", body, null);
        if (!answer.result().ok()) {
            throw new UpstreamUnavailableException("MOLISA GetToken refused (error_code " + answer.result().errorCode()
                    + "): " + answer.result().message());
        }
        String token = answer.token();
        if (token == null || token.isBlank()) {
            throw new UpstreamUnavailableException("MOLISA GetToken answered success without a token");
        }
        LOG.info("MOLISA session token obtained");
        return token;
    }

    public MolisaTokenCache tokenCache() {
        return tokens;
    }

    public MolisaConfig config() {
        return config;
    }

    private boolean isAuthFailure(Answer a) {
        return a.status() == 401 || a.status() == 403 || config.authErrorCodes().contains(a.result().errorCode());
    }

    private record Answer(int status, MolisaResult result, String token) {
    }

    private Answer post(String operation, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.url(operation)))
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("AccessKey", token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UpstreamUnavailableException("MOLISA " + operation + " unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamUnavailableException("MOLISA " + operation + " call interrupted");
        }
        int status = response.statusCode();
        if (status >= 500) {
            throw new UpstreamUnavailableException("MOLISA " + operation + " answered HTTP " + status);
        }
        JsonNode json = readJson(response.body());
        boolean auth = status == 401 || status == 403;
        if (json == null || !json.has("error_code")) {
            if (auth) {
                return new Answer(status, new MolisaResult(status, "HTTP " + status), null);
            }
            throw new UpstreamUnavailableException("MOLISA " + operation + " answered HTTP " + status
                    + " without {error_code, message}");
        }
        JsonNode code = json.get("error_code");
        int errorCode;
        if (code.canConvertToInt() && code.isIntegralNumber()) {
            errorCode = code.asInt();
        } else if (code.isTextual() && MolisaCatalogs.asInt(code.asText()) != null) {
            errorCode = MolisaCatalogs.asInt(code.asText());
        } else {
            throw new UpstreamUnavailableException("MOLISA " + operation + " answered a non-numeric error_code");
        }
        String message = json.path("message").isNull() ? null : json.path("message").asText(null);
        String newToken = json.path("token").isTextual() ? json.get("token").asText() : null;
        return new Answer(status, new MolisaResult(errorCode, message), newToken);
    }

    private static JsonNode readJson(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "MolisaClient[" + config + ", " + tokens + "]";
    }
}
