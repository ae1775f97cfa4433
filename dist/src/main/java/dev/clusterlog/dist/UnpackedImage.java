package dev.clusterlog.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OCI image tarball unpacked as a container runtime would: the layout's {@code index.json}
 * names the manifest, the manifest names the configuration and the layers, and the layers are
 * extracted in order into one root folder (with {@code tar}, as root so that owners are kept).
 * Whiteout files are not applied: the clusterlog image has none (every layer only adds).
 *
 * @param root the unpacked root file system
 * @param entrypoint the configuration's {@code Entrypoint}
 * @param cmd the configuration's {@code Cmd}
 * @param env the configuration's {@code Env}
 * @param user the configuration's {@code User} ({@code uid:gid})
 * @param workingDir the configuration's {@code WorkingDir}
 * @param layers the compressed size of each layer, in order
 */
public record UnpackedImage(Path root, List<String> entrypoint, List<String> cmd, Map<String, String> env, String user,
        String workingDir, List<Long> layers) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Unpacks {@code tarball} under {@code folder} ({@code oci/} the layout, {@code rootfs/} the root). */
    public static UnpackedImage unpack(Path tarball, Path folder) throws IOException {
        Path oci = folder.resolve("oci");
        Path root = folder.resolve("rootfs");
        Files.createDirectories(oci);
        Files.createDirectories(root);
        DebianBase.command(List.of("tar", "-xf", tarball.toString(), "-C", oci.toString()), null);
        JsonNode index = JSON.readTree(oci.resolve("index.json").toFile());
        JsonNode manifest = JSON.readTree(blob(oci, index.path("manifests").path(0).path("digest").asText()).toFile());
        JsonNode config = JSON.readTree(blob(oci, manifest.path("config").path("digest").asText()).toFile()).path("config");
        List<Long> layers = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            DebianBase.command(List.of("tar", "--warning=no-unknown-keyword", "-xzf",
                    blob(oci, layer.path("digest").asText()).toString(), "-C", root.toString()), null);
            layers.add(layer.path("size").asLong());
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : config.path("Env")) {
            String s = e.asText();
            env.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        }
        return new UnpackedImage(root, strings(config.path("Entrypoint")), strings(config.path("Cmd")), env,
                config.path("User").asText(), config.path("WorkingDir").asText(), List.copyOf(layers));
    }

    private static Path blob(Path oci, String digest) {
        if (!digest.startsWith("sha256:")) {
            throw new IllegalStateException("not an OCI layout digest: '" + digest + "'");
        }
        return oci.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }
}
