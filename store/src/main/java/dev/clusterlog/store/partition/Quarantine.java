package dev.clusterlog.store.partition;

import dev.clusterlog.core.io.CorruptFileException;
import java.nio.file.Path;

/** Moves a corrupt file or folder out of the way, reports and counts it. */
@FunctionalInterface
public interface Quarantine {
    void quarantine(Path file, CorruptFileException cause);
}
