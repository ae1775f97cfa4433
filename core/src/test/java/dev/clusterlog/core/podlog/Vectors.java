package dev.clusterlog.core.podlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the shared test vectors (../shared/vectors, set by surefire as clusterlog.shared). */
final class Vectors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Vectors() {
    }

    static List<JsonNode> read(String relative) throws IOException {
        Path file = Path.of(System.getProperty("clusterlog.shared", "../shared")).resolve("vectors").resolve(relative);
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no vectors in " + file);
        }
        return out;
    }
}
