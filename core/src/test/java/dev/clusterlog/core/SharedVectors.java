package dev.clusterlog.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the read-only test vectors under {@code /work/shared/vectors} (system property
 * {@code clusterlog.shared}, set by surefire). Vectors are read in place, never copied into the
 * repository.
 */
public final class SharedVectors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SharedVectors() {
    }

    public static Path file(String relative) {
        String root = System.getProperty("clusterlog.shared", "/work/shared");
        return Path.of(root, "vectors").resolve(relative);
    }

    /** The cases of a {@code .jsonl} vector file, one JSON object per non-empty line. */
    public static List<JsonNode> jsonLines(String relative) {
        Path path = file(relative);
        try {
            return Files.readAllLines(path).stream()
                    .filter(line -> !line.isBlank())
                    .map(SharedVectors::readTree)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vector file " + path, e);
        }
    }

    private static JsonNode readTree(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("bad vector line: " + line, e);
        }
    }

    /**
     * Expands a vector generator {@code {"repeat_cycle": s, "length": n}} (the first n chars of s
     * repeated forever) or {@code {"repeat": s, "count": n}}.
     */
    public static String generate(JsonNode generator) {
        StringBuilder sb = new StringBuilder();
        if (generator.has("repeat_cycle")) {
            String cycle = generator.get("repeat_cycle").asText();
            int length = generator.get("length").asInt();
            while (sb.length() < length) {
                sb.append(cycle);
            }
            sb.setLength(length);
        } else {
            sb.append(generator.get("repeat").asText().repeat(generator.get("count").asInt()));
        }
        return sb.toString();
    }

    /** A line given as {@code line}, {@code line_hex} or {@code line_generator} (prefix, body, suffix). */
    public static byte[] lineBytes(JsonNode testCase) {
        if (testCase.has("line_hex")) {
            return java.util.HexFormat.of().parseHex(testCase.get("line_hex").asText());
        }
        if (testCase.has("line_generator")) {
            JsonNode g = testCase.get("line_generator");
            String s = g.path("prefix").asText("") + generate(g.get("body")) + g.path("suffix").asText("");
            return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return testCase.get("line").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
