package dev.clusterlog.cli.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes whole lines to a shared output, each with a prefix ({@code --prefix}:
 * {@code [pod/<pod>/<container>] }), so that several containers followed at once never interleave
 * within a line (kubectl's {@code DefaultConsumeRequest} copies line by line for the same reason).
 * A line is held until its newline; {@link #flush} leaves an unfinished line held, {@link #close}
 * writes it. Thread-safe towards other instances sharing the target: writes to the target are
 * synchronised on it.
 */
public final class LinePrefixingOutputStream extends OutputStream {
    private final OutputStream target;
    private final byte[] prefix;
    private byte[] line = new byte[8192];
    private int length;

    public LinePrefixingOutputStream(OutputStream target, String prefix) {
        this.target = target;
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int end = off + len;
        while (off < end) {
            int nl = -1;
            for (int i = off; i < end; i++) {
                if (b[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int chunkEnd = nl < 0 ? end : nl + 1;
            append(b, off, chunkEnd - off);
            off = chunkEnd;
            if (nl >= 0) {
                emit();
            }
        }
    }

    private void append(byte[] b, int off, int len) {
        if (length + len > line.length) {
            line = Arrays.copyOf(line, Math.max(length + len, line.length * 2));
        }
        System.arraycopy(b, off, line, length, len);
        length += len;
    }

    private void emit() throws IOException {
        synchronized (target) {
            target.write(prefix);
            target.write(line, 0, length);
        }
        length = 0;
    }

    @Override
    public void flush() throws IOException {
        synchronized (target) {
            target.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (length > 0) {
            emit();
        }
        flush();
    }
}
