package vn.lienthong.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback that can make its open connections go silent: they stay open, but what either side sends
 * is read and dropped. This is what a client sees of a broker that hangs, or of a peer whose death the network did
 * not report (no FIN, no RST). Connections opened after {@link #silenceOpenConnections()} are forwarded as usual.
 */
public final class SilencingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();

    public SilencingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "silencing-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many connections were accepted so far (a client that reconnects opens a new one). */
    public int accepted() {
        return links.size();
    }

    /** From now on the connections open at this moment forward nothing, in either direction. */
    public void silenceOpenConnections() {
        links.forEach(l -> l.silent = true);
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                Link link = new Link(client, upstream);
                links.add(link);
                pump(link, client, upstream);
                pump(link, upstream, client);
            } catch (IOException upstreamDown) {
                // the target refuses: so does the proxy, and it goes on accepting
                closeQuietly(client);
            }
        }
    }

    private static void pump(Link link, Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            // not try-with-resources: closing a socket's stream closes the socket, and a silenced link keeps both
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buf)) >= 0; ) {
                    if (!link.silent) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException closed) {
                // one side went away
            } finally {
                // a live link passes the close on; a silenced one does not, as a dead network would not: the other
                // side must find out by its own timeouts (the sockets close with the proxy)
                if (!link.silent) {
                    link.close();
                }
            }
        }, "silencing-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        links.forEach(Link::close);
    }

    private static final class Link {
        final Socket a;
        final Socket b;
        volatile boolean silent;

        Link(Socket a, Socket b) {
            this.a = a;
            this.b = b;
        }

        void close() {
            closeQuietly(a);
            closeQuietly(b);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
