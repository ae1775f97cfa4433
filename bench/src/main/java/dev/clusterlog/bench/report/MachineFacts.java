package dev.clusterlog.bench.report;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine a table was measured on: cores, CPU model, memory, JDK, OS, the work disk. */
public record MachineFacts(int cores, String cpuModel, String memory, String jdk, String os, String disk) {

    /** {@code /proc/loadavg}'s 1, 5 and 15 minute averages: how busy the shared machine was. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    public static MachineFacts read(Path workDirectory) {
        return new MachineFacts(Runtime.getRuntime().availableProcessors(), procField("/proc/cpuinfo", "model name"),
                procField("/proc/meminfo", "MemTotal"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + debianVersion(),
                disk(workDirectory));
    }

    private static String procField(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: unknown
        }
        return "unknown";
    }

    private static String debianVersion() {
        try {
            return "(Debian " + Files.readString(Path.of("/etc/debian_version")).trim() + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static String disk(Path dir) {
        try {
            FileStore s = Files.getFileStore(dir);
            return String.format(Locale.ROOT, "%s %s, %.0f GiB, %.0f GiB free", s.name(), s.type(),
                    s.getTotalSpace() / 1073741824.0, s.getUsableSpace() / 1073741824.0);
        } catch (IOException e) {
            return "unknown";
        }
    }
}
