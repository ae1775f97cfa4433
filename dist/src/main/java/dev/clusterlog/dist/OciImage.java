package dev.clusterlog.dist;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Writes the staged tree as an OCI image tarball (an OCI image layout: {@code oci-layout},
 * {@code index.json}, {@code blobs/sha256/}) with Jib's core library, from scratch, with no
 * container engine. Four layers, from the least to the most often changed, so that a new build of
 * clusterlog replaces only the last one on a node: the Debian base and the image's folders, the
 * Java runtime, the third-party jars, and clusterlog's own jars with the archive trained on them.
 *
 * <p>Each file keeps its staged permissions and modification time: the CDS archive checks the
 * jars' times, and lib/modules' for the runtime. Owners are root, but for the image user's
 * folders (the server's data, the agent's state, /tmp).
 */
final class OciImage {
    static final String OWNER_ROOT = "0:0";
    static final String OWNER_USER = ImageLayout.USER_ID + ":" + ImageLayout.USER_ID;

    private final Path root;
    private final Map<String, String> owners = new LinkedHashMap<>();

    OciImage(Path root) {
        this.root = root;
    }

    /** Folders that belong to the image's user instead of root. */
    OciImage ownedByUser(String... imagePaths) {
        for (String p : imagePaths) {
            owners.put(p, OWNER_USER);
        }
        return this;
    }

    /** Writes the tarball, the image named {@code name} (a reference such as {@code clusterlog:0.1.0}). */
    void write(Path tarball, String name, String version) throws Exception {
        Predicate<String> java = p -> p.startsWith(ImageLayout.JAVA_HOME + "/");
        Predicate<String> app = p -> p.startsWith(ImageLayout.APP + "/") && !p.startsWith(ImageLayout.LIB + "/")
                || p.startsWith(ImageLayout.LIB + "/clusterlog-") || p.equals(ImageLayout.CLI);
        Predicate<String> dependencies = p -> p.startsWith(ImageLayout.LIB + "/") && !app.test(p);
        Predicate<String> base = p -> !java.test(p) && !app.test(p) && !dependencies.test(p);
        JibContainerBuilder image = Jib.fromScratch()
                .setFormat(ImageFormat.OCI)
                .addPlatform("amd64", "linux")
                .setCreationTime(Instant.now())
                .setFileEntriesLayers(
                        layer("debian base", base, true),
                        layer("java runtime", java, false),
                        layer("dependencies", dependencies, false),
                        layer("clusterlog", app, false))
                .setEntrypoint(ImageLayout.entrypoint())
                .setProgramArguments("--help")
                .setUser(OWNER_USER)
                .setWorkingDirectory(AbsoluteUnixPath.get(ImageLayout.SERVER_DATA))
                .addEnvironmentVariable("PATH", ImageLayout.PATH)
                .addEnvironmentVariable("JAVA_HOME", ImageLayout.JAVA_HOME)
                .addEnvironmentVariable("LANG", "C.UTF-8")
                .addExposedPort(Port.tcp(3100))
                .addExposedPort(Port.tcp(9105))
                .addLabel("org.opencontainers.image.title", "clusterlog")
                .addLabel("org.opencontainers.image.description",
                        "Cluster-level logging: `clusterlog server` (store and Loki API), `clusterlog agent` (node agent)")
                .addLabel("org.opencontainers.image.version", version)
                .addLabel("org.opencontainers.image.licenses", "see /usr/share/doc and /opt/java/legal");
        Path cache = tarball.resolveSibling(tarball.getFileName() + ".jib-cache");
        image.containerize(Containerizer.to(TarImage.at(tarball).named(name))
                .setApplicationLayersCache(cache)
                .setBaseImageLayersCache(cache)
                .setOfflineMode(true)
                .setToolName("clusterlog-dist"));
    }

    /** The staged files (and, for the base layer, every folder) whose image path {@code in} accepts. */
    private FileEntriesLayer layer(String name, Predicate<String> in, boolean withFolders) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.filter(p -> !p.equals(root)).sorted().toList();
        }
        for (Path p : paths) {
            String imagePath = "/" + root.relativize(p).toString().replace('\\', '/');
            boolean folder = Files.isDirectory(p);
            if (folder ? !withFolders : !in.test(imagePath)) {
                continue;
            }
            String permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
            layer.addEntry(p, AbsoluteUnixPath.get(imagePath), FilePermissions.fromOctalString(octal(permissions)),
                    Files.getLastModifiedTime(p).toInstant(), owners.getOrDefault(imagePath, OWNER_ROOT));
        }
        return layer.build();
    }

    /** {@code rwxr-x---} as {@code 750}. */
    static String octal(String rwx) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 9; i += 3) {
            int v = (rwx.charAt(i) == 'r' ? 4 : 0) + (rwx.charAt(i + 1) == 'w' ? 2 : 0) + (rwx.charAt(i + 2) == 'x' ? 1 : 0);
            s.append(v);
        }
        return s.toString();
    }
}
