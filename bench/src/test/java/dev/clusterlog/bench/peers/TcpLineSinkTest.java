package dev.clusterlog.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class TcpLineSinkTest {

    @Test
    void countsLinesBytesAndChecksumsOverConnectionsAndSplitWrites() throws Exception {
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            a.append("2026-01-01T00:00:00.000000001Z stdout F line ").append(i).append('\n');
            b.append("x".repeat(i % 300)).append('\n');
        }
        b.append("y".repeat(3 << 20)).append('\n'); // longer than the sink's read buffer
        byte[] aBytes = a.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] bBytes = b.toString().getBytes(StandardCharsets.US_ASCII);
        long expectedCrc = crcSum(aBytes) + crcSum(bBytes);
        long expectedLines = 5000 + 5001;

        try (TcpLineSink sink = new TcpLineSink()) {
            try (Socket s1 = new Socket(InetAddress.getLoopbackAddress(), sink.port());
                    Socket s2 = new Socket(InetAddress.getLoopbackAddress(), sink.port())) {
                OutputStream o1 = s1.getOutputStream();
                OutputStream o2 = s2.getOutputStream();
                // odd chunk sizes, so lines straddle writes and reads
                for (int off = 0; off < Math.max(aBytes.length, bBytes.length); off += 7919) {
                    if (off < aBytes.length) {
                        o1.write(aBytes, off, Math.min(7919, aBytes.length - off));
                    }
                    if (off < bBytes.length) {
                        o2.write(bBytes, off, Math.min(7919, bBytes.length - off));
                    }
                }
                o1.flush();
                o2.flush();
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (sink.bytes() < aBytes.length + bBytes.length && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(sink.bytes()).isEqualTo(aBytes.length + bBytes.length);
            assertThat(sink.lines()).isEqualTo(expectedLines);
            assertThat(sink.lineCrcSum()).isEqualTo(expectedCrc);
            assertThat(sink.connections()).isEqualTo(2);
            assertThat(sink.lastReceiveNanos()).isPositive();
        }
    }

    private static long crcSum(byte[] text) {
        long sum = 0;
        int start = 0;
        CRC32C crc = new CRC32C();
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '\n') {
                crc.reset();
                crc.update(text, start, i - start);
                sum += crc.getValue();
                start = i + 1;
            }
        }
        return sum;
    }
}
