package dev.clusterlog.agent.assemble;

import dev.clusterlog.core.entry.LogStream;
import dev.clusterlog.core.format.LogRecord;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Joins the pieces of a logical line: CRI {@code P} records ended by an {@code F} record, and
 * Docker json-file records whose {@code log} has no trailing newline, per stream (stdout and
 * stderr interleave independently, PROTOCOLS.md §1.2). The time of a joined line is its first
 * piece's. A line over the limit (default 1 MiB) is passed on cut at the limit and flagged
 * {@link LineSink#TRUNCATED}; its remaining pieces are dropped up to the piece that ends it.
 * The trailing newline is not part of a logical line.
 *
 * <p>State grammar ({@link #snapshot()}, kept in checkpoints so a restart between a line's
 * pieces loses nothing): {@code count:u8 (stream:u8 epochNanos:u64 skipping:u8 len:i32 byte{len}){count}}.
 * Not thread-safe; one per tailed source.
 */
public final class PartialLineAssembler {
    public static final int DEFAULT_LIMIT = 1 << 20;

    private final int limit;
    private final Pending[] pending = {new Pending(), new Pending()};
    private long truncatedLines;

    private static final class Pending {
        byte[] buf = new byte[0];
        int len;
        long epochNanos;
        boolean active;
        /** The line was passed on cut: drop pieces until its end. */
        boolean skipping;
    }

    public PartialLineAssembler(int limit) {
        this.limit = limit;
    }

    public long truncatedLines() {
        return truncatedLines;
    }

    /** Feeds one parsed record. */
    public void accept(LogRecord r, LineSink sink) {
        Pending p = pending[r.stream.ordinal()];
        int len = r.contentLength;
        boolean ends = !r.partial;
        if (ends && len > 0 && r.buf[r.contentOffset + len - 1] == '\n') {
            len--;
        }
        if (p.skipping) {
            if (ends) {
                p.skipping = false;
            }
            return;
        }
        if (!p.active && ends && len <= limit) {
            sink.line(r.epochNanos, r.stream, r.buf, r.contentOffset, len, 0); // the common case: no copy
            return;
        }
        if (!p.active) {
            p.active = true;
            p.epochNanos = r.epochNanos;
            p.len = 0;
        }
        int room = limit - p.len;
        int take = Math.min(room, len);
        if (p.buf.length < p.len + take) {
            p.buf = Arrays.copyOf(p.buf, Math.max(p.len + take, Math.min(limit, Math.max(256, p.buf.length * 2))));
        }
        System.arraycopy(r.buf, r.contentOffset, p.buf, p.len, take);
        p.len += take;
        if (take < len) {
            truncatedLines++;
            sink.line(p.epochNanos, r.stream, p.buf, 0, p.len, LineSink.TRUNCATED);
            p.active = false;
            p.skipping = !ends;
            shrink(p);
        } else if (ends) {
            sink.line(p.epochNanos, r.stream, p.buf, 0, p.len, 0);
            p.active = false;
            shrink(p);
        }
    }

    /** Passes on what is pending, as it is (a file ended inside a line, or a flush timeout). */
    public void flush(LineSink sink) {
        for (LogStream s : LogStream.values()) {
            Pending p = pending[s.ordinal()];
            if (p.active) {
                sink.line(p.epochNanos, s, p.buf, 0, p.len, 0);
                p.active = false;
                shrink(p);
            }
            p.skipping = false;
        }
    }

    public boolean hasPending() {
        return pending[0].active || pending[1].active;
    }

    private static void shrink(Pending p) {
        if (p.buf.length > 64 * 1024) {
            p.buf = new byte[0];
        }
        p.len = 0;
    }

    /** The pending pieces, for a checkpoint; null when nothing is pending. */
    public byte[] snapshot() {
        if (!hasPending() && !pending[0].skipping && !pending[1].skipping) {
            return null;
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(2);
            for (LogStream s : LogStream.values()) {
                Pending p = pending[s.ordinal()];
                out.writeByte(s.ordinal());
                out.writeLong(p.epochNanos);
                out.writeByte(p.skipping ? 1 : 0);
                out.writeInt(p.active ? p.len : -1);
                if (p.active) {
                    out.write(p.buf, 0, p.len);
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Restores a {@link #snapshot()}; a state that does not parse is ignored (the pieces are lost) and false returned. */
    public boolean restore(byte[] state) {
        if (state == null) {
            return true;
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(state))) {
            int count = in.readUnsignedByte();
            for (int i = 0; i < count; i++) {
                Pending p = pending[in.readUnsignedByte() & 1];
                p.epochNanos = in.readLong();
                p.skipping = in.readByte() != 0;
                int len = in.readInt();
                p.active = len >= 0;
                p.len = Math.max(len, 0);
                p.buf = p.active ? in.readNBytes(len) : new byte[0];
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
