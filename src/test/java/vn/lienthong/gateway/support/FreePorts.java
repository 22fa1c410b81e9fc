package vn.lienthong.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for the servers a test starts. Not {@code new ServerSocket(0)}: that hands out a port of the kernel's
 * ephemeral range (32768-60999 here), which the next outgoing connection of any process may take before the
 * server binds it (seen in CI: "DHIS2 simulator cannot listen on 127.0.0.1:41923"). These come from below that
 * range, in order, so no outgoing connection takes them and one JVM never hands the same port out twice;
 * the start offset differs per JVM so that two test JVMs on the machine do not walk the same sequence.
 */
public final class FreePorts {

    private static final int FIRST = 20_000;
    private static final int SIZE = 12_000;
    private static final AtomicInteger NEXT = new AtomicInteger((int) (ProcessHandle.current().pid() * 211 % SIZE));

    private FreePorts() {
    }

    /** A port nothing listens on now, outside the ephemeral range. */
    public static int next() {
        for (int tries = 0; tries < SIZE; tries++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), SIZE);
            try (ServerSocket probe = new ServerSocket(port)) {
                return probe.getLocalPort();
            } catch (IOException taken) {
                // in use: try the next one
            }
        }
        throw new UncheckedIOException(new IOException("no free port in " + FIRST + "-" + (FIRST + SIZE - 1)));
    }
}
