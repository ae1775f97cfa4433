package dev.clusterlog.bench.corpus;

import java.io.IOException;
import java.nio.file.Path;

/** File helpers the harness shares with the generator. */
public final class CorpusFiles {
    private CorpusFiles() {
    }

    /** Deletes a file or a directory tree; nothing when it does not exist. */
    public static void deleteRecursively(Path p) throws IOException {
        CorpusGenerator.deleteRecursively(p);
    }
}
