package dev.clusterlog.bench.peers;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * The harness's TCP sink on a random loopback port: every connection's bytes are split on
 * {@code \n} and counted (lines, bytes) and summed as {@code sum of CRC32C(line without \n)}
 * modulo 2^64, the order-independent content check of {@code CorpusManifest.FileEntry#recordCrcSum}.
 * A line split across reads is checksummed incrementally, so no line is copied. One thread per
 * connection (peers open one or a few), counters published once per read, not per line.
 */
public final class TcpLineSink implements AutoCloseable {
    private static final int READ_BUFFER_BYTES = 1 << 20;

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Thread> readers = new ArrayList<>();
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong crcSum = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private volatile long lastReceiveNanos;

    public TcpLineSink() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = new Thread(this::accept, "sink-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public long lines() {
        return lines.get();
    }

    public long bytes() {
        return bytes.get();
    }

    /** Sum of the CRC32C of every complete line received, modulo 2^64. */
    public long lineCrcSum() {
        return crcSum.get();
    }

    public long connections() {
        return connections.get();
    }

    /** {@link System#nanoTime} of the last read that returned bytes; 0 before any. */
    public long lastReceiveNanos() {
        return lastReceiveNanos;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                Thread t = new Thread(() -> read(s), "sink-read-" + port() + "-" + connections.get());
                t.setDaemon(true);
                synchronized (readers) {
                    readers.add(t);
                }
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void read(Socket socket) {
        byte[] buf = new byte[READ_BUFFER_BYTES];
        CRC32C crc = new CRC32C();
        try (socket; InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                long localLines = 0;
                long localCrc = 0;
                int lineStart = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        crc.update(buf, lineStart, i - lineStart);
                        localCrc += crc.getValue();
                        crc.reset();
                        localLines++;
                        lineStart = i + 1;
                    }
                }
                crc.update(buf, lineStart, n - lineStart);
                crcSum.addAndGet(localCrc);
                bytes.addAndGet(n);
                lines.addAndGet(localLines);
                lastReceiveNanos = System.nanoTime();
            }
        } catch (IOException e) {
            // the peer closed or reset the connection: what arrived is counted
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (readers) {
            for (Thread t : readers) {
                t.interrupt();
            }
        }
    }
}
