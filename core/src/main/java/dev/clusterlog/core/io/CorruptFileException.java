package dev.clusterlog.core.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file of ours failed a check (magic, version, length, grammar or checksum): names the file, the
 * byte offset and what was wrong. The one corruption type of every format (WAL, segments, source
 * marks, checkpoints, buffers, pod state); never means that wrong data was returned.
 */
public final class CorruptFileException extends IOException {
    private final Path file;
    private final long offset;

    public CorruptFileException(Path file, long offset, String reason) {
        super(file + ": byte " + offset + ": " + reason);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
