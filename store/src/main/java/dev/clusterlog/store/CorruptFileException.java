package dev.clusterlog.store;

import java.io.IOException;
import java.nio.file.Path;

/** A store file failed a check (magic, version, length or checksum); names the file and byte offset. */
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
