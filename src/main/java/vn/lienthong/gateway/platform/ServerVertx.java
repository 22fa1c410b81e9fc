package vn.lienthong.gateway.platform;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.impl.VertxWrapper;

/**
 * The Vert.x instance Camel's HTTP servers (API, console, management) are created on: Camel looks it up in the
 * registry and passes its own server options to {@link #createHttpServer(HttpServerOptions)}, which has no setting
 * for what is adjusted here.
 * <ul>
 * <li>HTTP/2 over plain TCP (h2c upgrade) is off on every server. Vert.x accepts the upgrade by default and the JDK's
 * HttpClient asks for it on every new connection; about one upgraded response in 400 reached the client with broken
 * framing ("Frame type(..) exceeds MAX_FRAME_SIZE"), so callers talk HTTP/1.1, which every system of the one-stop
 * shop speaks.</li>
 * <li>With {@code HTTP_TLS_CLIENT_AUTH}, TLS servers ask for (want) or insist on (require) a client certificate;
 * Camel's server configuration has no client-auth setting. Plain servers (management) are left alone.</li>
 * </ul>
 * The gateway closes it when it stops.
 */
final class ServerVertx extends VertxWrapper {

    private final ClientAuth clientAuth;

    private ServerVertx(VertxInternal delegate, ClientAuth clientAuth) {
        super(delegate);
        this.clientAuth = clientAuth;
    }

    /** A new Vert.x; {@code clientAuth} null or {@link ClientAuth#NONE} leaves TLS servers without client certificates. */
    static ServerVertx create(ClientAuth clientAuth) {
        return new ServerVertx((VertxInternal) Vertx.vertx(), clientAuth == null ? ClientAuth.NONE : clientAuth);
    }

    @Override
    public HttpServer createHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
        if (options.isSsl() && clientAuth != ClientAuth.NONE) {
            options.setClientAuth(clientAuth);
        }
        return super.createHttpServer(options);
    }
}
