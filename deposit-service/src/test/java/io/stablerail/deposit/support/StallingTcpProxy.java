package io.stablerail.deposit.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TEST-ONLY TCP proxy on 127.0.0.1 in front of a node (e.g. Hardhat's JSON-RPC port), to play a node that stops
 * answering: while {@link #stall() stalled} it accepts connections and reads requests but forwards nothing either way
 * (a black hole: the client's own timeout is the only way out); {@link #resume()} drops the connections that lived
 * through the stall (their HTTP exchanges are broken) and forwards again.
 */
public final class StallingTcpProxy implements AutoCloseable {

    private static final int BUFFER_BYTES = 16 * 1024;

    private final InetSocketAddress upstream;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stalled;
    private volatile boolean closed;

    public StallingTcpProxy(URI upstreamHttp) throws IOException {
        if (!"127.0.0.1".equals(upstreamHttp.getHost()) && !"localhost".equals(upstreamHttp.getHost())) {
            throw new IllegalArgumentException("the proxy fronts a local node only, got " + upstreamHttp.getHost());
        }
        this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamHttp.getPort());
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofPlatform().daemon().name("stalling-proxy-accept").start(this::acceptLoop);
    }

    /** {@code http://127.0.0.1:<port>}: give it to the client instead of the node's own URL. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** From now on nothing is forwarded in either direction; requests are read and dropped. */
    public void stall() {
        stalled = true;
    }

    /** Forwards again; connections that saw the stall are closed, so the client opens fresh ones. */
    public void resume() {
        stalled = false;
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread.ofVirtual().name("stalling-proxy-conn").start(() -> connect(client));
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void connect(Socket client) {
        try {
            while (stalled && !client.isClosed()) {
                // a black-holed connection: read and drop what the client sends until resume() closes it
                if (drain(client.getInputStream()) < 0) {
                    closeQuietly(client);
                    return;
                }
            }
            if (client.isClosed()) {
                return;
            }
            Socket node = new Socket();
            node.connect(upstream, 5_000);
            open.add(node);
            Thread.ofVirtual().name("stalling-proxy-up").start(() -> pump(client, node));
            pump(node, client);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private static int drain(InputStream in) throws IOException {
        return in.read(new byte[BUFFER_BYTES]);
    }

    /** Copies {@code from} → {@code to}; while stalled the bytes are dropped. Closes both ends when one ends. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (!stalled) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        resume();
    }
}
