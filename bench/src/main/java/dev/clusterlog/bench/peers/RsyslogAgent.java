package dev.clusterlog.bench.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * rsyslog (Debian's {@code rsyslogd}, installed by {@code bench/peers/install.sh}) in the
 * foreground with a private configuration: {@code imfile} in inotify mode on the corpus's two
 * globs, forwarding each line unchanged ({@code %msg%\n}) with {@code omfwd} over TCP. Tuned as
 * measured best here (ENVIRONMENT.md): a Direct action queue, a FixedArray main queue,
 * {@code addMetadata="off"}, {@code MaxLinesAtOnce=0}; plus a 128 KiB message size so 16 KiB CRI
 * pieces are not truncated, and control characters (tabs in stack traces) passed through.
 */
public final class RsyslogAgent implements AgentUnderTest {
    private final Path rsyslogd;

    public RsyslogAgent() {
        this(findOnPath("rsyslogd"));
    }

    RsyslogAgent(Path rsyslogd) {
        this.rsyslogd = rsyslogd;
    }

    static Path findOnPath(String program) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public String name() {
        return "rsyslog";
    }

    @Override
    public String unavailableReason() {
        return rsyslogd == null ? "rsyslogd not found (run bench/peers/install.sh)" : null;
    }

    /** The configuration for a task (public for the report's reproduction notes). */
    public static String configuration(ForwardingTask task) {
        Path work = task.workDirectory();
        String pods = task.podsDirectory().toString();
        return String.join("\n",
                "global(workDirectory=\"" + work + "\" maxMessageSize=\"128k\"",
                "       parser.escapeControlCharactersOnReceive=\"off\")",
                "main_queue(queue.type=\"FixedArray\" queue.size=\"100000\")",
                "module(load=\"imfile\" mode=\"inotify\")",
                "template(name=\"raw\" type=\"string\" string=\"%msg%\\n\")",
                "ruleset(name=\"forward\") {",
                "  action(type=\"omfwd\" target=\"127.0.0.1\" port=\"" + task.sinkPort() + "\" protocol=\"tcp\"",
                "         template=\"raw\" queue.type=\"Direct\")",
                "}",
                "input(type=\"imfile\" file=\"" + pods + "/" + ForwardingTask.LIVE_GLOB + "\" tag=\"pods\"",
                "      ruleset=\"forward\" addMetadata=\"off\" maxLinesAtOnce=\"0\")",
                "input(type=\"imfile\" file=\"" + pods + "/" + ForwardingTask.ROTATED_PLAIN_GLOB + "\" tag=\"pods\"",
                "      ruleset=\"forward\" addMetadata=\"off\" maxLinesAtOnce=\"0\")",
                "");
    }

    @Override
    public RunningAgent start(ForwardingTask task) throws IOException {
        Path conf = task.workDirectory().resolve("rsyslog.conf");
        Files.writeString(conf, configuration(task));
        return new ProcessAgent(List.of(rsyslogd.toString(), "-n", "-f", conf.toString(), "-i",
                task.workDirectory().resolve("rsyslogd.pid").toString()), Map.of(), task.workDirectory(), name());
    }
}
