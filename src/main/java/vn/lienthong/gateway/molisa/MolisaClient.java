package vn.lienthong.gateway.molisa;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.lienthong.gateway.molisa.MolisaFieldSpec.Table;
import vn.lienthong.gateway.platform.UpstreamCircuits;
import vn.lienthong.gateway.platform.UpstreamUnavailableException;
import vn.lienthong.gateway.platform.upstream.TokenCache;
import vn.lienthong.gateway.platform.upstream.UpstreamHttp;
import vn.lienthong.gateway.platform.upstream.UpstreamRequest;
import vn.lienthong.gateway.platform.upstream.UpstreamResponse;

/**
 * MOLISA's four operations, each one call through the shared upstream client (circuit "molisa", one status rule).
 * Every call carries the shared session token ({@link TokenCache}, kept for MOLISA_TOKEN_TTL_SECONDS) in the
 * {@code AccessKey} header; a refused token (HTTP 401/403 or a configured auth {@code error_code}) is dropped,
 * fetched again and the call tried once more. Business answers come back as {@link MolisaResult}; anything that is
 * not an answer (connection error, timeout, 408, 429, 5xx, unreadable body) throws
 * {@link UpstreamUnavailableException} for the route's retry / dead-letter policy. Thread-safe.
 */
public final class MolisaClient {

    private static final Logger LOG = LoggerFactory.getLogger(MolisaClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MolisaConfig config;
    /** MOLISA without a token: GetToken itself. */
    private final UpstreamHttp login;
    /** MOLISA with the session token: the operations. */
    private final UpstreamHttp http;
    private final TokenCache tokens;

    /** {@code ssl}: the upstream TLS context (null: the JDK's); MOLISA's calls count on circuit "molisa". */
    public MolisaClient(MolisaConfig config, SSLContext ssl, UpstreamCircuits circuits, Clock clock) {
        if (config.tokenTtl() == null || config.tokenTtl().isNegative() || config.tokenTtl().isZero()) {
            throw new IllegalArgumentException("token TTL must be positive");
        }
        this.config = config;
        this.login = new UpstreamHttp("molisa", config.baseUrl(), UpstreamHttp.client(ssl, config.connectTimeout()),
                config.requestTimeout(), circuits);
        // kept until its TTL, counted from the moment GetToken was asked (MOLISA's clock starts no later)
        this.tokens = new TokenCache(() -> {
            Instant asked = clock.instant();
            return new TokenCache.Token(getToken(), asked.plus(config.tokenTtl()));
        }, clock, Duration.ZERO);
        this.http = login.withToken(tokens, "AccessKey", "", this::refusesToken);
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
        return send(table, records, null);
    }

    /** As {@link #send(Table, List)}; {@code beforeSend} runs right before each request the circuit let through. */
    public MolisaResult send(Table table, List<Map<String, Object>> records, Runnable beforeSend) {
        String body;
        try {
            body = JSON.writeValueAsString(records);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("records cannot be written as JSON", e);
        }
        String operation = table.operation();
        MolisaResult result = http.call(UpstreamRequest.post(config.pathPrefix() + operation, body, operation)
                .beforeSend(beforeSend), answer -> read(operation, answer).result());
        if (!result.ok()) {
            LOG.info("MOLISA {} answered error_code {} for {} record(s)", operation, result.errorCode(), records.size());
        }
        return result;
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
        String token = login.call(UpstreamRequest.post(config.pathPrefix() + "GetToken", body, "GetToken"), answer -> {
            Answer a = read("GetToken", answer);
            if (!a.result().ok()) {
                throw new UpstreamUnavailableException("MOLISA GetToken refused (error_code " + a.result().errorCode()
                        + "): " + a.result().message());
            }
            if (a.token() == null || a.token().isBlank()) {
                throw new UpstreamUnavailableException("MOLISA GetToken answered success without a token");
            }
            return a.token();
        });
        LOG.info("MOLISA session token obtained");
        return token;
    }

    /** The shared session token (its logins are the gateway_token_refreshes_total metric). */
    public TokenCache tokenCache() {
        return tokens;
    }

    public MolisaConfig config() {
        return config;
    }

    /** An answer whose error_code is one MOLISA uses for a refused token (MOLISA_AUTH_ERROR_CODES). */
    private boolean refusesToken(UpstreamResponse answer) {
        Integer code = errorCode(readJson(answer.body()));
        return code != null && config.authErrorCodes().contains(code);
    }

    private record Answer(MolisaResult result, String token) {
    }

    /** MOLISA's {error_code, message[, token]} of an answer the status rule let through (2xx or a refusal). */
    private static Answer read(String operation, UpstreamResponse answer) {
        JsonNode json = readJson(answer.body());
        if (json == null || !json.has("error_code")) {
            throw new UpstreamUnavailableException("MOLISA " + operation + " answered HTTP " + answer.status()
                    + " without {error_code, message}");
        }
        Integer errorCode = errorCode(json);
        if (errorCode == null) {
            throw new UpstreamUnavailableException("MOLISA " + operation + " answered a non-numeric error_code");
        }
        String message = json.path("message").isNull() ? null : json.path("message").asText(null);
        String token = json.path("token").isTextual() ? json.get("token").asText() : null;
        return new Answer(new MolisaResult(errorCode, message), token);
    }

    private static Integer errorCode(JsonNode json) {
        JsonNode code = json == null ? null : json.get("error_code");
        if (code == null) {
            return null;
        }
        if (code.canConvertToInt() && code.isIntegralNumber()) {
            return code.asInt();
        }
        return code.isTextual() ? MolisaCatalogs.asInt(code.asText()) : null;
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
