package dev.clusterlog.agent.tail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Lists the files a {@link FileTailer} should follow; called on every scan. */
@FunctionalInterface
public interface FileDiscovery {
    List<Path> discover() throws IOException;

    /** Directories whose changes should trigger an early scan (for a watch service); may be empty. */
    default List<Path> watchedDirectories() {
        return List.of();
    }
}
