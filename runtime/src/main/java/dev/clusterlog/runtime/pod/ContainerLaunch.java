package dev.clusterlog.runtime.pod;

import dev.clusterlog.runtime.manifest.PodManifest.ContainerSpec;
import dev.clusterlog.runtime.manifest.PodManifest.VolumeMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a container spec into the host command line that runs it: images are not pulled, the
 * command runs as a host process whose volumes are bind-mounted at their {@code mountPath} in a
 * private mount namespace:
 * <pre>
 * setsid unshare -m --propagation private -- /bin/sh -c 'mkdir -p DST &amp;&amp; mount --bind SRC DST ... &amp;&amp; cd WD &amp;&amp; exec "$@"' sh CMD ARGS...
 * </pre>
 * Every step {@code exec}s, so the pid the runner holds is the container's process, and
 * {@code setsid} makes it a process group leader, so that stopping the container ends its
 * children too (a pod's processes die with its sandbox). Without mounts {@code unshare} is left
 * out. {@code $(VAR)} references in env values, command and args are expanded like kubelet's
 * {@code expansion.Expand}. Immutable.
 */
final class ContainerLaunch {
    /**
     * The PATH of a typical image when the manifest sets none, plus the folder of the
     * {@code clusterlog} launcher ({@code CLUSTERLOG_HOME}, which the launcher exports): it is what
     * the {@code clusterlog} image would run, so an agent sidecar's {@code clusterlog agent} is found.
     */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
            + (System.getenv("CLUSTERLOG_HOME") == null ? "" : ":" + System.getenv("CLUSTERLOG_HOME"));

    private final List<String> argv;
    private final Map<String, String> environment;
    private final Map<String, Path> mounts;
    private final String workingDir;
    private final List<String> readOnly;
    private final String mountError;

    /**
     * @param volumeSources the host directory of each volume, by name
     */
    public ContainerLaunch(ContainerSpec spec, String hostname, Map<String, Path> volumeSources) {
        this(spec, hostname, volumeSources, null);
    }

    /**
     * @param mountError why a volume the container mounts cannot be set up (it then fails to
     *     start with this message), or null
     */
    public ContainerLaunch(ContainerSpec spec, String hostname, Map<String, Path> volumeSources,
            String mountError) {
        this.mountError = mountError;
        this.environment = expandEnvironment(spec.env(), hostname);
        List<String> expanded = new ArrayList<>();
        for (String a : spec.argv()) {
            expanded.add(expand(a, environment));
        }
        this.argv = List.copyOf(expanded);
        this.mounts = new LinkedHashMap<>();
        List<VolumeMount> sorted = new ArrayList<>(spec.volumeMounts());
        sorted.sort(Comparator.comparingInt(m -> m.mountPath().length()));
        for (VolumeMount m : sorted) {
            Path source = volumeSources.get(m.name());
            mounts.put(m.mountPath(), m.subPath() == null ? source : source.resolve(m.subPath()));
        }
        this.readOnly = sorted.stream().filter(VolumeMount::readOnly).map(VolumeMount::mountPath).toList();
        this.workingDir = spec.workingDir() == null || spec.workingDir().isEmpty() ? "/" : spec.workingDir();
    }

    public List<String> argv() {
        return argv;
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** Host paths that the mounts need, created before start (subPath directories among them). */
    public Iterable<Path> mountSources() {
        return mounts.values();
    }

    /** The full host command line. */
    public List<String> hostCommand() {
        StringBuilder script = new StringBuilder("set -e; ");
        for (Map.Entry<String, Path> m : mounts.entrySet()) {
            String dst = quote(m.getKey());
            String src = quote(m.getValue().toString());
            if (Files.isRegularFile(m.getValue())) {
                script.append("mkdir -p \"$(dirname ").append(dst).append(")\"; [ -e ").append(dst)
                        .append(" ] || : > ").append(dst).append("; ");
            } else {
                script.append("mkdir -p ").append(dst).append("; ");
            }
            script.append("mount --bind ").append(src).append(' ').append(dst).append("; ");
            if (readOnly.contains(m.getKey())) {
                script.append("mount -o remount,bind,ro ").append(dst).append("; ");
            }
        }
        script.append("mkdir -p ").append(quote(workingDir)).append("; cd ").append(quote(workingDir))
                .append("; exec \"$@\"");
        List<String> cmd = new ArrayList<>(List.of("setsid"));
        if (!mounts.isEmpty()) {
            cmd.addAll(List.of("unshare", "-m", "--propagation", "private", "--"));
        }
        cmd.addAll(List.of("/bin/sh", "-c", script.toString(), "sh"));
        cmd.addAll(argv);
        return cmd;
    }

    /**
     * Why the command cannot start, in the runtime's words ({@code exec: "foo": executable file
     * not found in $PATH}), or null when it resolves on the host (paths seen through the mounts).
     */
    public String startError() {
        if (mountError != null) {
            return mountError;
        }
        String name = argv.get(0);
        if (name.contains("/")) {
            Path host = hostPath(name);
            return Files.isRegularFile(host) && Files.isExecutable(host) ? null
                    : "exec: \"" + name + "\": stat " + name + ": no such file or directory";
        }
        for (String dir : environment.getOrDefault("PATH", DEFAULT_PATH).split(":")) {
            if (!dir.isEmpty()) {
                Path host = hostPath(dir + "/" + name);
                if (Files.isRegularFile(host) && Files.isExecutable(host)) {
                    return null;
                }
            }
        }
        return "exec: \"" + name + "\": executable file not found in $PATH";
    }

    /** The host file a container path refers to: through the longest mount that covers it. */
    Path hostPath(String containerPath) {
        String path = containerPath.startsWith("/") ? containerPath
                : (workingDir.endsWith("/") ? workingDir : workingDir + "/") + containerPath;
        Path best = Path.of(path);
        int bestLength = -1;
        for (Map.Entry<String, Path> m : mounts.entrySet()) {
            String mp = m.getKey().endsWith("/") ? m.getKey().substring(0, m.getKey().length() - 1) : m.getKey();
            if ((path.equals(mp) || path.startsWith(mp + "/")) && mp.length() > bestLength) {
                bestLength = mp.length();
                String rest = path.substring(mp.length());
                best = rest.isEmpty() ? m.getValue() : Path.of(m.getValue() + rest);
            }
        }
        return best;
    }

    private static Map<String, String> expandEnvironment(Map<String, String> env, String hostname) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("PATH", DEFAULT_PATH);
        out.put("HOSTNAME", hostname);
        out.put("HOME", "/root");
        for (Map.Entry<String, String> e : env.entrySet()) {
            out.put(e.getKey(), expand(e.getValue(), out));
        }
        return out;
    }

    /** kubelet's {@code $(VAR)} expansion: defined names are replaced, {@code $$} is {@code $}, the rest stays. */
    static String expand(String input, Map<String, String> vars) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c == '$' && i + 1 < input.length()) {
                char n = input.charAt(i + 1);
                if (n == '$') {
                    out.append('$');
                    i++;
                    continue;
                }
                int close = n == '(' ? input.indexOf(')', i + 2) : -1;
                if (close > 0 && vars.containsKey(input.substring(i + 2, close))) {
                    out.append(vars.get(input.substring(i + 2, close)));
                    i = close;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
