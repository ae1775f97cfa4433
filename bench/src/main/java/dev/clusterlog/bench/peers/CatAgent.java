package dev.clusterlog.bench.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code cat} of every file to the sink: the read limit, what forwarding costs with no parsing
 * and no state. Run as {@code bash -c 'cat FILES > /dev/tcp/127.0.0.1/PORT'}; bash waits for
 * {@code cat} and then prints its own {@code cutime + cstime} (which is {@code cat}'s CPU) from
 * {@code /proc/$$/stat}. Peak RSS is not measured for {@code cat} (a few MiB, not the point).
 */
public final class CatAgent implements AgentUnderTest {
    private static final String SCRIPT = "port=$1; shift; cat \"$@\" > /dev/tcp/127.0.0.1/$port; rc=$?;"
            + " read -r -a s < /proc/$$/stat; echo \"children-ticks $(( s[15] + s[16] ))\"; exit $rc";

    @Override
    public String name() {
        return "cat";
    }

    @Override
    public String unavailableReason() {
        return Files.isExecutable(Path.of("/bin/bash")) ? null : "/bin/bash not found";
    }

    @Override
    public RunningAgent start(ForwardingTask task) throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/bash", "-c", SCRIPT, "cat-to-sink",
                Integer.toString(task.sinkPort())));
        for (Path f : task.files()) {
            command.add(f.toString());
        }
        ProcessAgent p = new ProcessAgent(command, Map.of(), task.workDirectory(), "cat");
        return new RunningAgent() {
            @Override
            public boolean isAlive() {
                return p.isAlive();
            }

            @Override
            public boolean exitsWhenDone() {
                return true;
            }

            @Override
            public ProcessUsage usage() throws IOException {
                if (p.isAlive()) {
                    return new ProcessUsage(0, -1);
                }
                for (String line : Files.readAllLines(p.logFile())) {
                    if (line.startsWith("children-ticks ")) {
                        long ticks = Long.parseLong(line.substring("children-ticks ".length()).trim());
                        return new ProcessUsage(ticks / (double) ProcessUsage.CLOCK_TICKS_PER_SECOND, -1);
                    }
                }
                throw new IOException("cat: no CPU figure in " + p.logFile() + "; expected a line children-ticks N");
            }

            @Override
            public Path logFile() {
                return p.logFile();
            }

            @Override
            public void close() throws IOException {
                p.close();
            }
        };
    }
}
