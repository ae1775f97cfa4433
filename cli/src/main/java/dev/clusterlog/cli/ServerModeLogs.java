package dev.clusterlog.cli;

import dev.clusterlog.cli.logs.LinePrefixingOutputStream;
import dev.clusterlog.cli.logs.ServerPodLogs;
import dev.clusterlog.core.podlog.LogOptions;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code clusterlog logs} through the cluster: the server's pod-log endpoint answers, so pods,
 * containers and nodes that are gone still have their logs. The default container follows
 * kubectl: when the server says the pod has several, the first is taken and kubectl's notice
 * printed.
 */
final class ServerModeLogs {
    private final LogsCommand cmd;
    private final ServerPodLogs client;

    ServerModeLogs(LogsCommand cmd) {
        this.cmd = cmd;
        this.client = new ServerPodLogs(cmd.server);
    }

    int run(LogOptions options) throws Exception {
        if (cmd.selector != null) {
            return runSelector(options);
        }
        OutputStream shared = new BufferedOutputStream(System.out, 64 * 1024);
        ServerPodLogs.Params params = new ServerPodLogs.Params(cmd.container, Integer.toString(cmd.previous),
                options.follow(), options.tailLines(), cmd.limitBytes, cmd.sinceSeconds, cmd.sinceTime,
                options.timestamps());
        try {
            List<String> containers = containers(params);
            List<Thread> followers = new ArrayList<>();
            List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
            for (String c : containers) {
                ServerPodLogs.Params p = params.withContainer(c);
                Runnable read = () -> {
                    try (OutputStream out = new LinePrefixingOutputStream(shared,
                            cmd.prefix ? "[pod/" + cmd.pod + "/" + (c == null ? "" : c) + "] " : "")) {
                        client.copy(cmd.namespace, cmd.pod, p, out);
                    } catch (Exception e) {
                        failures.add(e);
                    }
                };
                if (options.follow() && containers.size() > 1) {
                    followers.add(Thread.ofVirtual().start(read));
                } else {
                    read.run();
                    if (!failures.isEmpty()) {
                        break;
                    }
                }
            }
            for (Thread t : followers) {
                t.join();
            }
            if (!failures.isEmpty()) {
                Exception e = failures.get(0);
                if (e instanceof ServerPodLogs.ServerError se) {
                    throw new UserException(se.getMessage());
                }
                if (e instanceof IOException io) {
                    throw new UserException(io.getMessage());
                }
                throw e;
            }
        } finally {
            shared.flush();
        }
        return Main.EXIT_OK;
    }

    /**
     * {@code -l}: the pods whose stream labels match, newest instance of each, each line prefixed
     * as kubectl does with {@code --prefix}; kubectl's default of 10 lines per container applies.
     */
    private int runSelector(LogOptions options) throws Exception {
        List<Map<String, String>> series;
        try {
            series = client.series(cmd.namespace, cmd.selector);
        } catch (IOException | ServerPodLogs.ServerError e) {
            throw new UserException(e.getMessage());
        }
        TreeMap<String, TreeSet<String>> pods = new TreeMap<>();
        for (Map<String, String> s : series) {
            if (s.get("pod") != null && s.get("container") != null) {
                pods.computeIfAbsent(s.get("pod"), k -> new TreeSet<>()).add(s.get("container"));
            }
        }
        if (pods.isEmpty()) {
            cmd.err().println("No resources found in " + cmd.namespace + " namespace.");
            cmd.err().flush();
            return Main.EXIT_OK;
        }
        OutputStream shared = new BufferedOutputStream(System.out, 64 * 1024);
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
        try {
            for (var pod : pods.entrySet()) {
                List<String> containers = cmd.allContainers || cmd.container == null && pod.getValue().size() == 1
                        ? new ArrayList<>(pod.getValue()) : List.of(cmd.container != null ? cmd.container
                                : pod.getValue().first());
                for (String c : containers) {
                    ServerPodLogs.Params p = new ServerPodLogs.Params(c, Integer.toString(cmd.previous),
                            options.follow(), options.tailLines(), cmd.limitBytes, cmd.sinceSeconds, cmd.sinceTime,
                            options.timestamps());
                    Runnable read = () -> {
                        try (OutputStream out = new LinePrefixingOutputStream(shared,
                                cmd.prefix ? "[pod/" + pod.getKey() + "/" + c + "] " : "")) {
                            client.copy(cmd.namespace, pod.getKey(), p, out);
                        } catch (Exception e) {
                            failures.add(e);
                        }
                    };
                    if (options.follow()) {
                        threads.add(Thread.ofVirtual().start(read));
                    } else {
                        read.run();
                    }
                }
            }
            for (Thread t : threads) {
                t.join();
            }
        } finally {
            shared.flush();
        }
        if (!failures.isEmpty()) {
            Exception e = failures.get(0);
            throw new UserException(e.getMessage());
        }
        return Main.EXIT_OK;
    }

    /** The containers to read: the one named, all of them, or the default one with kubectl's notice. */
    private List<String> containers(ServerPodLogs.Params params) throws Exception {
        if (cmd.container != null) {
            return List.of(cmd.container);
        }
        List<String> all;
        try {
            // a zero-line read: answered when the pod has one container, refused with the list when several
            client.copy(cmd.namespace, cmd.pod, new ServerPodLogs.Params(null, "0", false, 0, -1, null, null, false),
                    OutputStream.nullOutputStream());
            List<String> single = new ArrayList<>();
            single.add(null);
            return single;
        } catch (ServerPodLogs.ServerError e) {
            all = ServerPodLogs.containersToChooseFrom(e);
            if (all == null) {
                throw new UserException(e.getMessage());
            }
        } catch (IOException e) {
            throw new UserException(e.getMessage());
        }
        if (cmd.allContainers) {
            return all;
        }
        cmd.err().printf("Defaulted container \"%s\" out of: %s%n", all.get(0), String.join(", ", all));
        cmd.err().flush();
        return List.of(all.get(0));
    }
}
