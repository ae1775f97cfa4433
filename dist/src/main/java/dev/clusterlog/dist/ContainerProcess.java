package dev.clusterlog.dist;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command run in an {@link UnpackedImage} the way a container runtime runs it, without one: new
 * mount and PID namespaces ({@code unshare}), the image's root bind-mounted read-only (as
 * {@code readOnlyRootFilesystem: true}), {@code /proc}, a {@code /dev} holding only null, zero,
 * random and urandom, a tmpfs {@code /tmp} (the manifests' emptyDir), the given host folders
 * bound in (the manifests' volumes; missing mount points are made, as runtimes make them), then {@code chroot} as the given user with only the image's
 * environment. The network is the host's, so a server inside listens on the host's loopback.
 * Needs root (or a user allowed to unshare and chroot); {@link #unavailableReason()} says when not.
 */
public final class ContainerProcess implements AutoCloseable {
    private static final String SCRIPT = """
            set -e
            root=$1; shift
            mount --bind "$root" "$root"
            mount -t proc proc "$root/proc"
            mount -t tmpfs -o mode=755,size=1m tmpfs "$root/dev"
            for d in null zero random urandom; do : > "$root/dev/$d"; mount --bind "/dev/$d" "$root/dev/$d"; done
            mount -t tmpfs -o mode=1777,size=64m tmpfs "$root/tmp"
            while [ "$1" != "--" ]; do
              if [ -d "$1" ]; then mkdir -p "$root$2"; elif [ ! -e "$root$2" ]; then : > "$root$2"; fi
              mount --bind "$1" "$root$2"
              if [ "$3" = ro ]; then mount -o remount,bind,ro "$root$2"; fi
              shift 3
            done
            shift
            mount -o remount,bind,ro "$root"
            exec "$@"
            """;

    /** A host folder (or file) at {@code target} in the container. */
    public record Volume(Path host, String target, boolean readOnly) {
    }

    private final Process process;
    private final Path stderr;

    private ContainerProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
    }

    /** Why containers cannot be run here, or null when they can. */
    public static String unavailableReason() {
        String chroot = find("chroot");
        if (find("unshare") == null || chroot == null) {
            return "unshare or chroot is not on this machine";
        }
        try {
            Process p = new ProcessBuilder("unshare", "--mount", "--pid", "--fork", "true").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "unshare --mount --pid is not allowed here (" + out + "); it needs root";
            }
        } catch (IOException | InterruptedException e) {
            return "unshare cannot run: " + e.getMessage();
        }
        return null;
    }

    /**
     * Starts {@code command} in {@code image} as {@code user} ({@code uid:gid}), with the image's
     * environment plus {@code env}; standard output and error go to the given files.
     */
    public static ContainerProcess start(UnpackedImage image, String user, List<String> command, Map<String, String> env,
            List<Volume> volumes, Path stdout, Path stderr) throws IOException {
        List<String> argv = new ArrayList<>(List.of(find("unshare"), "--mount", "--pid", "--fork", "--kill-child",
                "--propagation", "private", "/bin/sh", "-c", SCRIPT, "container", image.root().toString()));
        for (Volume v : volumes) {
            if (!Files.exists(v.host())) {
                throw new IllegalArgumentException("volume " + v.target() + ": no such host path " + v.host());
            }
            argv.addAll(List.of(v.host().toString(), v.target(), v.readOnly() ? "ro" : "rw"));
        }
        argv.add("--");
        argv.addAll(List.of(find("env"), "-i"));
        image.env().forEach((k, v) -> argv.add(k + "=" + v));
        env.forEach((k, v) -> argv.add(k + "=" + v));
        argv.addAll(List.of(find("chroot"), "--userspec=" + user, image.root().toString()));
        argv.addAll(command);
        Process p = new ProcessBuilder(argv).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        return new ContainerProcess(p, stderr);
    }

    /** The last lines of its standard error, for a failure message. */
    public String stderrTail(int lines) {
        try {
            List<String> all = Files.readAllLines(stderr);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(" + stderr + ": " + e.getMessage() + ")";
        }
    }

    /** CPU time so far of the container's processes that still run (user + system). */
    public long cpuMillis() {
        return process.descendants().mapToLong(h -> h.info().totalCpuDuration().map(d -> d.toMillis()).orElse(0L))
                .sum();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** Waits for the command to end; returns its exit code, or -1 when it still runs after {@code seconds}. */
    public int waitFor(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** SIGTERM to the container's first process (as a runtime stops it), then waits; SIGKILL after 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.children().forEach(ProcessHandle::destroy);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String find(String tool) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && new File(dir, tool).canExecute()) {
                return new File(dir, tool).getPath();
            }
        }
        return null;
    }
}
