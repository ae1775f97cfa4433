package dev.clusterlog.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds the clusterlog OCI image from the distribution ({@code cli/target/clusterlog-cli.jar}
 * and {@code cli/target/lib/}), with no container engine and no registry: the Maven build runs
 * it at {@code package} (dist/pom.xml).
 *
 * <pre>
 * java dev.clusterlog.dist.ImageBuild --distribution cli/target --work dist/target/image \
 *     --output dist/target/clusterlog-image.tar --name clusterlog:0.1.0-SNAPSHOT --version 0.1.0-SNAPSHOT
 * </pre>
 *
 * <p>Steps: the jars into the staged tree ({@code <work>/rootfs}, laid out as {@link ImageLayout}
 * says), a jlinked runtime ({@link JavaRuntime}), the JNI libraries out of their jars
 * ({@link NativeLibraries}), the Debian libraries all of that needs ({@link DebianBase}), the
 * user, folders and launcher, the CDS archive trained on the staged tree ({@link ClassDataArchive}),
 * then the tarball ({@link OciImage}). On a machine without dpkg the image is skipped with a
 * warning, and {@code <work>/SKIPPED} says why (the image test reports it).
 */
public final class ImageBuild {
    private ImageBuild() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path distribution = Path.of(options.get("--distribution"));
        Path work = Path.of(options.get("--work"));
        Path output = Path.of(options.get("--output"));
        deleteRecursively(work);
        Files.deleteIfExists(output);
        Files.createDirectories(work);
        String unavailable = DebianBase.unavailableReason();
        if (unavailable != null) {
            Files.writeString(work.resolve("SKIPPED"), unavailable + "\n");
            System.err.println("[WARNING] clusterlog image: not built: " + unavailable);
            return;
        }
        long started = System.nanoTime();
        Path root = work.resolve("rootfs");
        List<String> jars = copyDistribution(distribution, ImageLayout.onHost(root, ImageLayout.LIB));
        List<Path> stagedJars = jars.stream().map(j -> ImageLayout.onHost(root, ImageLayout.LIB).resolve(j)).toList();

        step("distribution copied");
        List<String> modules = JavaRuntime.modules(stagedJars);
        step("jdeps");
        Path javaHome = ImageLayout.onHost(root, ImageLayout.JAVA_HOME);
        JavaRuntime.link(modules, javaHome);
        step("jlink");
        NativeLibraries natives = NativeLibraries.extract(stagedJars, ImageLayout.onHost(root, ImageLayout.NATIVE));

        DebianBase debian = new DebianBase(root);
        debian.addProgram(Path.of("/bin/dash"), "/bin/sh");
        debian.addLibrariesOf(List.of(javaHome.resolve("lib"), javaHome.resolve("lib/server")));
        writeSystemFiles(root);
        step("Debian libraries");
        Files.write(ImageLayout.onHost(root, ImageLayout.JAVA_ARGS),
                ImageLayout.javaArguments("", jars, natives.zstd(), natives.snappy()), StandardCharsets.UTF_8);
        writeExecutable(ImageLayout.onHost(root, ImageLayout.CLI), """
                #!/bin/sh
                # clusterlog in its image: the JVM with the image's arguments (the CDS archive, GC, heap,
                # class path), then the CLI. The image's entrypoint is the same command without the shell.
                exec %s @%s %s "$@"
                """.formatted(ImageLayout.JAVA_HOME + "/bin/java", ImageLayout.JAVA_ARGS, ImageLayout.MAIN_CLASS));

        List<String> stagedArguments = ImageLayout.javaArguments(root.toString(), jars, natives.zstd(), natives.snappy());
        int classes = new ClassDataArchive(javaHome.resolve("bin/java"), stagedArguments, work.resolve("training"))
                .create(ImageLayout.onHost(root, ImageLayout.ARCHIVE));
        step("CDS training and dump");
        List<String> packages = debian.writePackageRecords();

        new OciImage(root).ownedByUser(ImageLayout.SERVER_DATA, ImageLayout.AGENT_STATE, "/tmp")
                .write(output, options.get("--name"), options.get("--version"));
        step("OCI tarball");
        System.err.printf("clusterlog image: %s, %s (%.1f MiB; %.1f MiB unpacked) in %.0f s: runtime %s; %d classes"
                        + " archived; Debian packages %s%n", options.get("--name"), output,
                Files.size(output) / 1048576.0, treeSize(root) / 1048576.0, (System.nanoTime() - started) / 1e9,
                String.join(",", modules), classes, String.join(", ", packages));
    }

    private static long last = System.nanoTime();

    private static void step(String what) {
        long now = System.nanoTime();
        System.err.printf("clusterlog image: %s (%.1f s)%n", what, (now - last) / 1e9);
        last = now;
    }

    /** clusterlog-cli.jar first, then lib/ sorted: the class path order of the launcher. */
    private static List<String> copyDistribution(Path distribution, Path lib) throws IOException {
        Path cli = distribution.resolve("clusterlog-cli.jar");
        Path deps = distribution.resolve("lib");
        if (!Files.isRegularFile(cli) || !Files.isDirectory(deps)) {
            throw new IllegalStateException("no distribution at " + distribution + " (clusterlog-cli.jar and lib/):"
                    + " build it first, e.g. ./mvnw -pl dist -am package");
        }
        Files.createDirectories(lib);
        List<String> jars = new ArrayList<>();
        jars.add(cli.getFileName().toString());
        try (Stream<Path> s = Files.list(deps)) {
            s.filter(p -> p.toString().endsWith(".jar")).map(p -> p.getFileName().toString()).sorted().forEach(jars::add);
        }
        for (String jar : jars) {
            Path source = jar.equals(cli.getFileName().toString()) ? cli : deps.resolve(jar);
            Files.copy(source, lib.resolve(jar), StandardCopyOption.COPY_ATTRIBUTES);
        }
        return jars;
    }

    /** The user, name resolution, and the folders that volumes and the JVM use. */
    private static void writeSystemFiles(Path root) throws IOException {
        Path etc = ImageLayout.onHost(root, "/etc");
        Files.createDirectories(etc);
        String user = ImageLayout.USER_NAME;
        int id = ImageLayout.USER_ID;
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/sbin/nologin\n" + user + ":x:" + id + ":"
                + id + ":clusterlog:" + ImageLayout.SERVER_DATA + ":/sbin/nologin\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\n" + user + ":x:" + id + ":\n");
        Files.writeString(etc.resolve("nsswitch.conf"), "hosts: files dns\n");
        for (String dir : List.of("/tmp", "/proc", "/sys", "/dev", "/root", "/etc/clusterlog", ImageLayout.SERVER_DATA,
                ImageLayout.AGENT_STATE, "/var/log")) {
            Files.createDirectories(ImageLayout.onHost(root, dir));
        }
        Files.setPosixFilePermissions(ImageLayout.onHost(root, "/root"), PosixFilePermissions.fromString("rwx------"));
    }

    private static void writeExecutable(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static long treeSize(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--distribution", "--work", "--output", "--name", "--version")) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException("ImageBuild: missing " + required + " (see the class's javadoc)");
            }
        }
        return options;
    }
}
