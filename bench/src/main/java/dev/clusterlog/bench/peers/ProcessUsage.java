package dev.clusterlog.bench.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and peak resident memory of a process, read from {@code /proc/<pid>/stat} ({@code
 * utime + stime + cutime + cstime}: the process and its waited-for children) and
 * {@code /proc/<pid>/status} ({@code VmHWM}).
 *
 * @param cpuSeconds user plus system time, children included
 * @param peakRssBytes the high-water mark of the resident set, or -1 when not measured
 */
public record ProcessUsage(double cpuSeconds, long peakRssBytes) {
    /** Linux's {@code USER_HZ}, the unit of {@code /proc/<pid>/stat} times, on every common platform. */
    static final int CLOCK_TICKS_PER_SECOND = 100;

    /** Reads a live process; throws when it has exited. */
    public static ProcessUsage of(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // fields after the command name, which is in parentheses and may hold spaces
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        long hwm = -1;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                hwm = Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
            }
        }
        return new ProcessUsage(ticks / (double) CLOCK_TICKS_PER_SECOND, hwm);
    }
}
