package dev.clusterlog.agent.tail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A file's identity on its host: device and inode. Stable across renames; reused by the file
 * system after a delete, which is why a {@link TailedSource} also keeps a fingerprint.
 */
public record FileKey(long device, long inode) {

    /** Reads the key of the file a path names (symlinks followed). */
    public static FileKey of(Path path) throws IOException {
        Map<String, Object> attrs = Files.readAttributes(path, "unix:dev,ino");
        return new FileKey(((Number) attrs.get("dev")).longValue(), ((Number) attrs.get("ino")).longValue());
    }

    @Override
    public String toString() {
        return Long.toHexString(device) + ":" + inode;
    }
}
