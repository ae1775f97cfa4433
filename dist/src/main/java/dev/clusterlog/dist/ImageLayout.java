package dev.clusterlog.dist;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where things are in the clusterlog image, and how its JVM is started. One place for both the
 * builder (which stages the tree and trains the class-data-sharing archive with these arguments)
 * and the image (whose entrypoint reads the same arguments from {@link #JAVA_ARGS}).
 *
 * <pre>
 * /opt/java/                      the jlinked runtime (java, the modules the distribution needs)
 * /opt/clusterlog/lib/*.jar       the distribution: clusterlog-cli.jar and its lib/ (cli/pom.xml)
 * /opt/clusterlog/native/*.so     zstd-jni's and snappy-java's JNI libraries, taken out of their jars
 *                                 at build time (they would unpack into /tmp at every start)
 * /opt/clusterlog/clusterlog.jsa  the CDS archive: JDK and clusterlog classes, parsed and linked
 * /opt/clusterlog/java.args       the JVM's arguments (@-file): the archive, GC, heap, class path
 * /usr/local/bin/clusterlog       the CLI for command overrides (a pod's command: [clusterlog, ...])
 * /lib/..., /lib64/..., /bin/sh   glibc, libstdc++, libgcc_s and dash, copied from Debian packages
 * /var/lib/dpkg/status.d/         those packages' records (what image scanners read)
 * /var/lib/clusterlog             the server's data (a volume), the working directory
 * /var/lib/clusterlog-agent       the agent's checkpoints (a host folder in the DaemonSet)
 * </pre>
 */
public final class ImageLayout {
    public static final String JAVA_HOME = "/opt/java";
    public static final String APP = "/opt/clusterlog";
    public static final String LIB = APP + "/lib";
    public static final String NATIVE = APP + "/native";
    public static final String ARCHIVE = APP + "/clusterlog.jsa";
    public static final String JAVA_ARGS = APP + "/java.args";
    public static final String CLI = "/usr/local/bin/clusterlog";
    public static final String SERVER_DATA = "/var/lib/clusterlog";
    public static final String AGENT_STATE = "/var/lib/clusterlog-agent";
    public static final String MAIN_CLASS = "dev.clusterlog.cli.Main";

    /** The non-root user the image runs as (distroless's "nonroot" number). */
    public static final int USER_ID = 65532;
    public static final String USER_NAME = "clusterlog";

    public static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    /** The entrypoint: the JVM with the image's arguments file, then the CLI; a pod's args name the command. */
    public static List<String> entrypoint() {
        return List.of(JAVA_HOME + "/bin/java", "@" + JAVA_ARGS, MAIN_CLASS);
    }

    /**
     * The JVM arguments of the image, with every image path under {@code root} (the empty string
     * in the image; the staging folder when the builder trains the archive on the host).
     *
     * <p>SerialGC as the launcher uses (one collector thread; the footprint the benchmarks
     * measured). The heap is half the container's memory limit, so the limit in the manifests is
     * the only memory setting: the 512 MiB agent limit gives the 256 MiB heap BENCHMARKS.md
     * measured the agent with. The class path is the explicit, sorted list of jars, because the
     * archive is valid only for the class path it was dumped with, and a {@code lib/*} wildcard
     * expands in directory order, which differs between file systems.
     *
     * @param jars file names under {@link #LIB}, in class path order
     * @param zstdLibrary the zstd-jni library's file name under {@link #NATIVE}
     * @param snappyLibrary the snappy-java library's file name under {@link #NATIVE}
     */
    public static List<String> javaArguments(String root, List<String> jars, String zstdLibrary, String snappyLibrary) {
        List<String> args = new ArrayList<>();
        args.add("-XX:SharedArchiveFile=" + root + ARCHIVE);
        args.add("-XX:+UseSerialGC");
        args.add("-XX:MaxRAMPercentage=50");
        args.add("--enable-native-access=ALL-UNNAMED");
        args.add("-DZstdNativePath=" + root + NATIVE + "/" + zstdLibrary);
        args.add("-Dorg.xerial.snappy.lib.path=" + root + NATIVE);
        args.add("-Dorg.xerial.snappy.lib.name=" + snappyLibrary);
        args.add("-cp");
        args.add(String.join(":", jars.stream().map(j -> root + LIB + "/" + j).toList()));
        return args;
    }

    /** {@code path} (absolute, in the image) under the staging folder {@code root}. */
    public static Path onHost(Path root, String path) {
        return root.resolve(path.substring(1));
    }

    private ImageLayout() {
    }
}
