package dev.clusterlog.agent.multiline;

import dev.clusterlog.agent.assemble.LineSink;
import dev.clusterlog.core.entry.LogStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Groups logical lines into multi-line entries (stack traces, panics, tracebacks) per stream
 * with {@link MultilineRules}; lines of a group are joined with {@code \n}. A group is passed on
 * when a line does not continue it, when it reaches the size limit, or when it waited longer
 * than the flush timeout ({@link #flushExpired}). The time of a group is its first line's.
 *
 * <p>State grammar ({@link #snapshot()}): {@code (active:u8 [state:utf epochNanos:u64 len:i32 byte{len}]){2}}.
 * Not thread-safe; one per source.
 */
public final class MultilineGrouper {
    private final MultilineRules rules;
    private final long timeoutNanos;
    private final int limit;
    private final Group[] groups = {new Group(), new Group()};

    private static final class Group {
        String state;
        long epochNanos;
        long startedNanos;
        int flags;
        byte[] buf = new byte[256];
        int len;
    }

    public MultilineGrouper(MultilineRules rules, long timeoutNanos, int limit) {
        this.rules = rules;
        this.timeoutNanos = timeoutNanos;
        this.limit = limit;
    }

    /** Feeds one logical line. */
    public void accept(long epochNanos, LogStream stream, byte[] buf, int off, int len, int flags, long nowNanos,
            LineSink sink) {
        Group g = groups[stream.ordinal()];
        String text = new String(buf, off, len, StandardCharsets.UTF_8);
        if (g.state != null) {
            String next = rules.next(g.state, text);
            if (next != null && g.len + 1 + len <= limit) {
                append(g, (byte) '\n');
                append(g, buf, off, len);
                g.flags |= flags;
                g.state = next;
                return;
            }
            emit(g, stream, sink);
        }
        String started = rules.next(MultilineRules.START, text);
        if (started == null || len > limit) {
            sink.line(epochNanos, stream, buf, off, len, flags);
            return;
        }
        g.state = started;
        g.epochNanos = epochNanos;
        g.startedNanos = nowNanos;
        g.flags = flags;
        g.len = 0;
        append(g, buf, off, len);
    }

    /** Passes on groups older than the flush timeout. */
    public void flushExpired(long nowNanos, LineSink sink) {
        for (LogStream s : LogStream.values()) {
            Group g = groups[s.ordinal()];
            if (g.state != null && nowNanos - g.startedNanos >= timeoutNanos) {
                emit(g, s, sink);
            }
        }
    }

    public void flush(LineSink sink) {
        for (LogStream s : LogStream.values()) {
            if (groups[s.ordinal()].state != null) {
                emit(groups[s.ordinal()], s, sink);
            }
        }
    }

    public boolean hasPending() {
        return groups[0].state != null || groups[1].state != null;
    }

    private void emit(Group g, LogStream stream, LineSink sink) {
        sink.line(g.epochNanos, stream, g.buf, 0, g.len, g.flags);
        g.state = null;
        g.len = 0;
        if (g.buf.length > 64 * 1024) {
            g.buf = new byte[256];
        }
    }

    private static void append(Group g, byte b) {
        if (g.len == g.buf.length) {
            g.buf = Arrays.copyOf(g.buf, g.buf.length * 2);
        }
        g.buf[g.len++] = b;
    }

    private static void append(Group g, byte[] b, int off, int len) {
        if (g.len + len > g.buf.length) {
            g.buf = Arrays.copyOf(g.buf, Math.max(g.len + len, g.buf.length * 2));
        }
        System.arraycopy(b, off, g.buf, g.len, len);
        g.len += len;
    }

    public byte[] snapshot() {
        if (!hasPending()) {
            return null;
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            for (Group g : groups) {
                out.writeByte(g.state == null ? 0 : 1);
                if (g.state != null) {
                    out.writeUTF(g.state);
                    out.writeLong(g.epochNanos);
                    out.writeInt(g.len);
                    out.write(g.buf, 0, g.len);
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public boolean restore(byte[] state, long nowNanos) {
        if (state == null) {
            return true;
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(state))) {
            for (Group g : groups) {
                if (in.readByte() != 0) {
                    g.state = in.readUTF();
                    g.epochNanos = in.readLong();
                    g.len = in.readInt();
                    g.buf = in.readNBytes(g.len);
                    if (g.buf.length < 256) {
                        g.buf = Arrays.copyOf(g.buf, 256);
                    }
                    g.startedNanos = nowNanos;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
