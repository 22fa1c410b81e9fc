package vn.lienthong.gateway.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The console's static files (classpath console/), served under /console/. Only the listed files exist, so a path
 * cannot reach anything else; the page learns its environment from the HTML itself, before anyone logs in.
 */
public final class ConsoleAssets {

    /** What the route answers. */
    public record Asset(int status, String contentType, byte[] content, String location) {
    }

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8",
            "uPlot.iife.min.js", "text/javascript; charset=utf-8",
            "uPlot.min.css", "text/css; charset=utf-8");
    /** The charts' library, from its WebJar on the classpath (pom.xml: org.webjars.npm:uplot). */
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/";

    private final String environment;

    public ConsoleAssets(String environment) {
        this.environment = environment;
    }

    /** @param path the request path, e.g. /console/console.js */
    public Asset serve(String path) {
        String p = path == null ? "" : path;
        int at = p.indexOf("/console");
        String rest = at < 0 ? p : p.substring(at + "/console".length());
        if (rest.isEmpty()) {
            return new Asset(302, "text/plain; charset=utf-8", new byte[0], "/console/");
        }
        String name = rest.equals("/") ? "index.html" : rest.substring(1);
        String type = FILES.get(name);
        if (type == null) {
            return new Asset(404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8), null);
        }
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(name.startsWith("uPlot")
                ? UPLOT + uplotVersion() + "/dist/" + name : "/console/" + name)) {
            if (in == null) {
                return new Asset(404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8), null);
            }
            byte[] bytes = in.readAllBytes();
            if (name.equals("index.html")) {
                bytes = new String(bytes, StandardCharsets.UTF_8).replace("__GATEWAY_ENV__", environment)
                        .getBytes(StandardCharsets.UTF_8);
            }
            return new Asset(200, type, bytes, null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read console/" + name, e);
        }
    }

    private static String uplotVersion() throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (InputStream in = ConsoleAssets.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IOException("the uplot WebJar is not on the classpath");
            }
            p.load(in);
        }
        return p.getProperty("version");
    }
}
