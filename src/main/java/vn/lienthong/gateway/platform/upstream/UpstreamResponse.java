package vn.lienthong.gateway.platform.upstream;

/** An upstream's answer that passed the status rule: 2xx or a refusal the flow reads (never 401/403/408/429/5xx). */
public record UpstreamResponse(int status, String body) {

    public UpstreamStatus kind() {
        return UpstreamStatus.of(status);
    }

    public boolean ok() {
        return kind() == UpstreamStatus.OK;
    }
}
