package dev.clusterlog.cli;

import dev.clusterlog.core.podlog.LogOptions;
import dev.clusterlog.core.time.Rfc3339;
import dev.clusterlog.core.units.Durations;
import dev.clusterlog.core.units.Durations.Syntax;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code clusterlog logs}: a pod's container logs with kubectl's flags, semantics and error texts
 * (kubernetes/kubectl {@code pkg/cmd/logs/logs.go}). By default the server's pod-log endpoint
 * answers ({@link ServerModeLogs}); with {@code --node-root} the node's files are read the way
 * kubelet serves them ({@link NodeModeLogs}). This class holds the flags and their kubectl checks.
 */
@Command(name = "logs", sortOptions = false,
        description = {"Print the logs of a container in a pod: through the server (default), also for pods and",
            "nodes that are gone, or from a node's files with --node-root (rotated and compressed files included)."})
public final class LogsCommand implements Callable<Integer> {
    static final String USAGE_ERROR = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
            + "POD or TYPE/NAME is a required argument for the logs command";
    private static final int SELECTOR_TAIL = 10;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "POD", description = "The pod (or pod/NAME).")
    String pod;

    @Parameters(index = "1", arity = "0..1", paramLabel = "CONTAINER", description = "The container (same as -c).")
    String inlineContainer;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default", description = "The pod's namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = {"-c", "--container"}, description = "The container; default: the pod's default container.")
    String container;

    @Option(names = {"-p", "--previous"}, arity = "0..1", fallbackValue = "true", paramLabel = "N",
            description = "The previous terminated instance of the container; --previous=N goes N instances back"
                    + " (server mode).")
    String previousArg;

    /** Instances back: 0 current, 1 previous, N further (server mode). */
    int previous;

    /** {@code --since} rounded to seconds, as kubectl sends it ({@code sinceSeconds}). */
    Long sinceSeconds;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until the container stops.")
    boolean follow;

    @Option(names = "--tail", defaultValue = "-1", description = "Lines from the end (file lines); -1 for all; 10 with -l.")
    long tail;

    @Option(names = "--since", description = "Only lines newer than this duration, like 5s, 2m or 3h.")
    String since;

    @Option(names = "--since-time", description = "Only lines at or after this RFC3339 time.")
    String sinceTime;

    @Option(names = "--timestamps", description = "Prefix each line with its time (RFC3339, 9 fraction digits).")
    boolean timestamps;

    @Option(names = "--limit-bytes", defaultValue = "0", description = "Stop after this many bytes; 0 for no limit.")
    long limitBytes;

    @Option(names = {"-l", "--selector"}, description = "Pods whose labels match, like app=web,tier!=db.")
    String selector;

    @Option(names = "--all-containers", description = "All containers of the pod: init containers first.")
    boolean allContainers;

    @Option(names = "--prefix", description = "Prefix each line with [pod/<pod>/<container>].")
    boolean prefix;

    @Option(names = "--node-root", paramLabel = "DIR",
            description = "Read the node's files under DIR (kubelet's view) instead of asking the server.")
    Path nodeRoot;

    @Option(names = "--server", paramLabel = "URL", defaultValue = "http://127.0.0.1:3100",
            description = "The clusterlog server to ask (default: ${DEFAULT-VALUE}).")
    String server;

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public Integer call() throws Exception {
        LogOptions options = validate();
        if (nodeRoot == null) {
            return new ServerModeLogs(this).run(options);
        }
        return new NodeModeLogs(this).run(options);
    }

    LogOptions validate() {
        previous = parsePrevious(previousArg);
        if (selector == null && pod == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), USAGE_ERROR);
        }
        if (selector != null && pod != null) {
            throw new UserException("only a selector (-l) or a POD name is allowed");
        }
        if (container != null && inlineContainer != null) {
            throw new UserException("only one of -c or an inline [CONTAINER] arg is allowed");
        }
        if (inlineContainer != null) {
            container = inlineContainer;
        }
        if (allContainers && container != null) {
            throw new UserException("--all-containers=true should not be specified with container name " + container);
        }
        if (limitBytes < 0) {
            throw new UserException("--limit-bytes must be greater than 0");
        }
        if (tail < -1) {
            throw new UserException("--tail must be greater than or equal to -1");
        }
        if (since != null && sinceTime != null) {
            throw new UserException("at most one of `sinceTime` or `sinceSeconds` may be specified");
        }
        long sinceNanos = Long.MIN_VALUE;
        if (since != null) {
            long d;
            try {
                d = Durations.parseNanos(since, Syntax.GO);
            } catch (IllegalArgumentException e) {
                throw new UserException("--since: " + e.getMessage());
            }
            if (d <= 0) {
                throw new UserException("--since must be greater than 0");
            }
            // kubectl rounds to the nearest second (sinceSeconds)
            long seconds = Math.max(1, Math.round(d / 1e9));
            sinceSeconds = seconds;
            sinceNanos = System.currentTimeMillis() * 1_000_000L - seconds * 1_000_000_000L;
        }
        if (sinceTime != null) {
            try {
                sinceNanos = Rfc3339.parseEpochNanos(sinceTime);
            } catch (IllegalArgumentException e) {
                throw new UserException("--since-time: " + e.getMessage());
            }
        }
        long tailLines = tail;
        if (selector != null && tail == -1) {
            tailLines = SELECTOR_TAIL;
        }
        if (pod != null) {
            for (String type : new String[] {"pod/", "pods/", "po/"}) {
                if (pod.startsWith(type)) {
                    pod = pod.substring(type.length());
                }
            }
        }
        return new LogOptions(tailLines, limitBytes == 0 ? -1 : limitBytes, sinceNanos, timestamps, follow,
                LogOptions.Streams.ALL);
    }

    private static int parsePrevious(String arg) {
        if (arg == null || arg.equalsIgnoreCase("false")) {
            return 0;
        }
        if (arg.equalsIgnoreCase("true")) {
            return 1;
        }
        try {
            int n = Integer.parseInt(arg);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserException("--previous: invalid value \"" + arg + "\": expected true, false or a number of"
                + " instances back");
    }

    void warn(String message) {
        synchronized (this) {
            err().println(message);
            err().flush();
        }
    }
}
