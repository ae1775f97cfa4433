package dev.clusterlog.dist;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The image's base: the shared libraries that the staged ELF files need (the JVM, its own
 * libraries, the JNI libraries, dash), found with {@code ldd} and copied from the build machine's
 * Debian packages, with each package's copyright file and its dpkg record in
 * {@code /var/lib/dpkg/status.d/} (where image scanners such as Trivy and Syft look, as in
 * distroless images).
 *
 * <p>Why the build machine's packages and not a downloaded base image: no registry is reachable
 * from the build, and the JVM needs only glibc (and snappy-java libstdc++ and libgcc_s), a few
 * MiB. Files are copied under the name the loader asks for ({@code libstdc++.so.6}) with the
 * symbolic link resolved, because image layers here hold regular files only.
 */
final class DebianBase {
    /** {@code libX.so.N => /path (0x...)}, {@code /lib64/ld-linux-x86-64.so.2 (0x...)}, {@code libX => not found}. */
    private static final Pattern LDD_LINE = Pattern.compile("^\\s*(?:(\\S+) => )?(\\S+|not found)(?: \\(0x[0-9a-f]+\\))?$");

    private final Path root;
    private final Set<String> packages = new TreeSet<>();

    DebianBase(Path root) {
        this.root = root;
    }

    /** Checks that this machine can give the base: dpkg and ldd are there. */
    static String unavailableReason() {
        for (String tool : List.of("dpkg-query", "ldd")) {
            if (Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                    .noneMatch(d -> Files.isExecutable(Path.of(d, tool)))) {
                return tool + " is not on the PATH: the image's base is copied from this machine's Debian packages";
            }
        }
        return null;
    }

    /** Copies a host program (e.g. {@code /bin/dash}) to {@code imagePath}, its package recorded. */
    void addProgram(Path hostFile, String imagePath) throws IOException {
        copy(hostFile, imagePath);
        packages.add(owner(hostFile.toString()));
    }

    /**
     * Copies every shared library that an ELF file under the root needs and the root does not
     * hold, until nothing is missing. {@code searchPath} holds the root's own library folders
     * (the JVM's), given to ldd as {@code LD_LIBRARY_PATH}.
     */
    void addLibrariesOf(List<Path> searchPath) throws IOException {
        String libraryPath = String.join(":", searchPath.stream().map(Path::toString).toList());
        Set<String> copied = new TreeSet<>();
        List<Path> elves;
        try (Stream<Path> files = Files.walk(root)) {
            elves = files.filter(Files::isRegularFile).filter(DebianBase::isElf).toList();
        }
        List<Path> queue = new ArrayList<>(elves);
        while (!queue.isEmpty()) {
            Path elf = queue.removeLast();
            for (String[] dependency : ldd(elf, libraryPath)) {
                String name = dependency[0];
                String hostPath = dependency[1];
                if (hostPath.equals("not found")) {
                    throw new IllegalStateException(elf + " needs " + name + ", which neither the image nor this"
                            + " machine has");
                }
                if (hostPath.startsWith(root.toString()) || !copied.add(hostPath)) {
                    continue;
                }
                Path target = copy(Path.of(hostPath), hostPath);
                packages.add(owner(hostPath));
                queue.add(target);
            }
        }
    }

    /** Writes each package's copyright file and dpkg record; returns the packages with versions. */
    List<String> writePackageRecords() throws IOException {
        List<String> described = new ArrayList<>();
        for (String pkg : packages) {
            String status = command(List.of("dpkg-query", "-s", pkg), null);
            Path record = ImageLayout.onHost(root, "/var/lib/dpkg/status.d/" + pkg.replace(':', '_'));
            Files.createDirectories(record.getParent());
            Files.writeString(record, status.strip() + "\n", StandardCharsets.UTF_8);
            String name = pkg.contains(":") ? pkg.substring(0, pkg.indexOf(':')) : pkg;
            Path copyright = Path.of("/usr/share/doc", name, "copyright");
            if (Files.exists(copyright)) {
                copy(copyright.toRealPath(), "/usr/share/doc/" + name + "/copyright");
            }
            described.add(name + " " + field(status, "Version"));
        }
        return described;
    }

    private Path copy(Path hostFile, String imagePath) throws IOException {
        Path target = ImageLayout.onHost(root, imagePath);
        Files.createDirectories(target.getParent());
        Files.copy(hostFile.toRealPath(), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        return target;
    }

    /** The package that installed {@code path}; merged-/usr machines may know it by the other name. */
    private static String owner(String path) throws IOException {
        List<String> candidates = new ArrayList<>(List.of(path));
        if (path.startsWith("/usr/")) {
            candidates.add(path.substring(4));
        } else {
            candidates.add("/usr" + path);
        }
        candidates.add(Path.of(path).toRealPath().toString());
        for (String candidate : candidates) {
            try {
                String out = command(List.of("dpkg-query", "-S", candidate), null);
                return out.substring(0, out.indexOf(": ")).strip();
            } catch (IllegalStateException notThatName) {
                // try the next name
            }
        }
        throw new IllegalStateException(path + ": no Debian package owns it (dpkg-query -S)");
    }

    private static List<String[]> ldd(Path elf, String libraryPath) {
        List<String[]> deps = new ArrayList<>();
        String out;
        try {
            out = command(List.of("ldd", elf.toString()), libraryPath);
        } catch (IllegalStateException notDynamic) {
            return deps; // "not a dynamic executable": a static file needs nothing
        }
        for (String line : out.lines().toList()) {
            Matcher m = LDD_LINE.matcher(line);
            if (!m.matches() || line.contains("linux-vdso") || line.contains("statically linked")) {
                continue;
            }
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            deps.add(new String[] {name, m.group(2)});
        }
        return deps;
    }

    private static boolean isElf(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    private static String field(String stanza, String name) {
        return stanza.lines().filter(l -> l.startsWith(name + ": ")).map(l -> l.substring(name.length() + 2))
                .findFirst().orElse("?");
    }

    /** Runs a command and returns its standard output; a non-zero exit throws with its output. */
    static String command(List<String> command, String libraryPath) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (libraryPath != null) {
            pb.environment().put("LD_LIBRARY_PATH", libraryPath);
        }
        pb.environment().put("LC_ALL", "C");
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }
}
