package dev.clusterlog.bench.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * syslog-ng 3.38 (Debian's {@code syslog-ng-core}, unpacked by {@code bench/peers/install.sh}
 * into a folder because it conflicts with rsyslog as a package) in the foreground with a private
 * configuration: two {@code wildcard-file} sources (the corpus's globs) with {@code no-parse}, so
 * {@code $MSG} is the line, forwarded unchanged ({@code $MSG\n}) by a {@code network} destination
 * over TCP, with flow control (no message dropped when the destination is slower). Tuned: larger
 * fetch limits and windows, 128 KiB messages, no DNS, no stats; directories polled every second.
 */
public final class SyslogNgAgent implements AgentUnderTest {
    private final Path root;

    /** @param root the folder the package was unpacked into ({@code .../usr/sbin/syslog-ng} below it) */
    public SyslogNgAgent(Path root) {
        this.root = root;
    }

    @Override
    public String name() {
        return "syslog-ng";
    }

    private Path binary() {
        return root == null ? null : root.resolve("usr/sbin/syslog-ng");
    }

    @Override
    public String unavailableReason() {
        return binary() != null && Files.isExecutable(binary()) ? null
                : "syslog-ng not found under " + root + " (run bench/peers/install.sh)";
    }

    public static String configuration(ForwardingTask task) {
        String pods = task.podsDirectory().toString();
        // monitor-method("poll"): with inotify, 3.38 takes one inotify instance per directory and
        // runs out at the kernel's default limit (128) on a corpus of 200 containers
        String sourceOptions = " recursive(yes) flags(no-parse) log-msg-size(131072) follow-freq(1)"
                + " monitor-method(\"poll\") log-fetch-limit(1000) log-iw-size(1000000) max-files(1000)";
        return String.join("\n",
                "@version: 3.38",
                "options { log-msg-size(131072); log-fifo-size(100000); stats-freq(0); use-dns(no); use-fqdn(no);",
                "          keep-hostname(yes); chain-hostnames(no); time-reopen(1); flush-lines(1000); };",
                "source s_live { wildcard-file(base-dir(\"" + pods + "\") filename-pattern(\"*.log\")"
                        + sourceOptions + "); };",
                "source s_rotated { wildcard-file(base-dir(\"" + pods + "\") filename-pattern(\"*.log.*-??????\")"
                        + sourceOptions + "); };",
                "destination d_sink { network(\"127.0.0.1\" port(" + task.sinkPort() + ") transport(\"tcp\")"
                        + " template(\"$MSG\\n\") log-fifo-size(1000000)); };",
                "log { source(s_live); source(s_rotated); destination(d_sink); flags(flow-control); };",
                "");
    }

    @Override
    public RunningAgent start(ForwardingTask task) throws IOException {
        Path work = task.workDirectory();
        Path conf = work.resolve("syslog-ng.conf");
        Files.writeString(conf, configuration(task));
        Path modules = root.resolve("usr/lib/syslog-ng/3.38");
        String libraries = root.resolve("usr/lib/syslog-ng") + ":" + root.resolve("usr/lib/x86_64-linux-gnu");
        return new ProcessAgent(List.of(binary().toString(), "-F", "-e", "--no-caps", "--cfgfile=" + conf,
                "--module-path=" + modules, "--persist-file=" + work.resolve("syslog-ng.persist"),
                "--pidfile=" + work.resolve("syslog-ng.pid"), "--control=" + work.resolve("syslog-ng.ctl")),
                Map.of("LD_LIBRARY_PATH", libraries), work, name());
    }
}
