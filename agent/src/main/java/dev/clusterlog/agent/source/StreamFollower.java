package dev.clusterlog.agent.source;

import dev.clusterlog.agent.checkpoint.CheckpointStore;
import dev.clusterlog.agent.tail.FileTailer;
import dev.clusterlog.agent.tail.GlobDiscovery;
import dev.clusterlog.agent.tail.SourceHandler;
import dev.clusterlog.agent.tail.TailedSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The streaming sidecar ({@code clusterlog stream}): follows files to an output stream the way
 * {@code tail -n+1 -F} means to, but right across rename rotation (the renamed file is read to
 * its end before the new one), copytruncate (reading restarts at 0) and deletion, with an
 * optional checkpoint so that a restart repeats no line: a line counts as delivered once it is
 * written and flushed, and only then enters the checkpoint.
 */
public final class StreamFollower implements AutoCloseable {
    private final FileTailer tailer;
    private final OutputStream out;
    private final boolean prefix;
    private final List<Object[]> written = new ArrayList<>();
    private IOException writeError;

    public StreamFollower(List<Path> files, Path checkpoint, boolean prefix, OutputStream out) throws IOException {
        this.out = out;
        this.prefix = prefix;
        SourceHandler handler = new SourceHandler() {
            @Override
            public void open(TailedSource source, byte[] restoredState) {
            }

            @Override
            public void lines(TailedSource source, byte[] buf, int off, int len, long startOffset) {
                write(source, buf, off, len);
                written.add(new Object[] {source.id(), startOffset + len});
            }

            @Override
            public void close(TailedSource source) {
            }
        };
        List<String> globs = files.stream().map(Path::toString).toList();
        tailer = new FileTailer(new GlobDiscovery(globs), checkpoint == null ? null : new CheckpointStore(checkpoint),
                handler, FileTailer.Options.defaults(), System::nanoTime);
        tailer.start();
    }

    private void write(TailedSource source, byte[] buf, int off, int len) {
        try {
            if (!prefix) {
                out.write(buf, off, len);
                if (len > 0 && buf[off + len - 1] != '\n') {
                    out.write('\n');
                }
                return;
            }
            byte[] p = ("[" + source.path() + "] ").getBytes(StandardCharsets.UTF_8);
            int start = off;
            int end = off + len;
            while (start < end) {
                int nl = start;
                while (nl < end && buf[nl] != '\n') {
                    nl++;
                }
                out.write(p);
                out.write(buf, start, nl - start);
                out.write('\n');
                start = nl + 1;
            }
        } catch (IOException e) {
            writeError = e;
        }
    }

    /** Reads what is new, writes it, and checkpoints it once flushed. */
    public void pollOnce() throws IOException {
        tailer.poll();
        out.flush();
        if (writeError != null) {
            throw writeError;
        }
        for (Object[] w : written) {
            tailer.acknowledge((String) w[0], (Long) w[1], null);
        }
        written.clear();
        tailer.writeCheckpoint();
    }

    /** Follows until {@code stop} says so. */
    public void run(BooleanSupplier stop, long intervalMillis) throws IOException, InterruptedException {
        while (!stop.getAsBoolean()) {
            pollOnce();
            Thread.sleep(intervalMillis);
        }
    }

    @Override
    public void close() {
        tailer.close();
    }
}
