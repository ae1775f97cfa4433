package dev.clusterlog.agent.output;

import dev.clusterlog.agent.pipeline.Batch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One JSON object per entry: {@code {"time":"<ns>","labels":{...},"stream":"stdout","line":"...",...metadata}},
 * to stdout or appended to a file (flushed, and for a file forced to disk, before the batch counts as delivered).
 */
public final class JsonLinesOutput implements Output {
    private final OutputStream out;
    private final java.nio.channels.FileChannel channel;
    private final String name;

    private JsonLinesOutput(OutputStream out, java.nio.channels.FileChannel channel, String name) {
        this.out = out;
        this.channel = channel;
        this.name = name;
    }

    public static JsonLinesOutput stdout() {
        return new JsonLinesOutput(System.out, null, "stdout");
    }

    public static JsonLinesOutput to(OutputStream stream) {
        return new JsonLinesOutput(stream, null, "stdout");
    }

    public static JsonLinesOutput file(Path path) throws IOException {
        if (path.toAbsolutePath().getParent() != null) {
            Files.createDirectories(path.toAbsolutePath().getParent());
        }
        var ch = java.nio.channels.FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return new JsonLinesOutput(java.nio.channels.Channels.newOutputStream(ch), ch, "file");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(Batch batch) throws DeliveryException {
        ByteSink buf = new ByteSink((int) Math.min(Integer.MAX_VALUE - 8, batch.lineBytes() + batch.size() * 128L));
        ByteSink labels = new ByteSink(256);
        LokiPushEncoder.labels(labels, batch.labels);
        byte[] labelBytes = labels.toByteArray();
        for (int i = 0; i < batch.size(); i++) {
            buf.ascii("{\"time\":\"" + batch.epochNanos(i) + "\",\"labels\":");
            buf.write(labelBytes, 0, labelBytes.length);
            buf.ascii(",\"stream\":\"" + batch.stream(i).wireName() + "\",\"line\":");
            JsonBytes.string(buf, batch.data(), batch.lineOffset(i), batch.lineLength(i));
            String[] meta = batch.metadata(i);
            for (int m = 0; m + 1 < meta.length; m += 2) {
                buf.write(',');
                JsonBytes.string(buf, meta[m]);
                buf.write(':');
                JsonBytes.string(buf, meta[m + 1]);
            }
            buf.ascii("}\n");
        }
        try {
            out.write(buf.buf, 0, buf.len);
            out.flush();
            if (channel != null) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new DeliveryException(name + " output: " + e, false);
        }
    }

    @Override
    public void close() {
        try {
            if (channel != null) {
                channel.close();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            // closing: nothing left to deliver
        }
    }
}
