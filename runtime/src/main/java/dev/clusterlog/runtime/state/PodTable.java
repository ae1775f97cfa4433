package dev.clusterlog.runtime.state;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Renders pod states as {@code kubectl get pods -A} does ({@code NAMESPACE NAME READY STATUS
 * RESTARTS AGE}), followed by one line per container that is not running, with its reason
 * (for example {@code RunContainerError: exec: "foo": executable file not found in $PATH}), so
 * that what kubectl shows in {@code describe} is visible at a glance. Stateless.
 */
public final class PodTable {
    private PodTable() {
    }

    /**
     * @param runnerAlive whether a pod's {@code pod run} process still runs; a pod whose runner
     *     is gone shows status {@code Unknown}, as kubectl shows a pod of a lost node
     */
    public static String render(List<PodState> pods, long nowMillis, Predicate<PodState> runnerAlive) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"});
        List<String> reasons = new ArrayList<>();
        for (PodState p : pods) {
            long ready = p.containers().stream().filter(ContainerState::isRunning).count();
            int restarts = p.containers().stream().mapToInt(ContainerState::restartCount).sum();
            rows.add(new String[] {p.namespace(), p.name(), ready + "/" + p.containers().size(),
                    status(p, runnerAlive.test(p)), Integer.toString(restarts),
                    age(nowMillis - p.createdAtMillis())});
            List<ContainerState> all = new ArrayList<>(p.initContainers());
            all.addAll(p.containers());
            for (ContainerState c : all) {
                if (!c.isRunning() && c.reason() != null) {
                    String last = c.lastTerminated() == null ? "" : "; last exit " + c.lastTerminated().exitCode()
                            + " " + c.lastTerminated().reason();
                    reasons.add(p.namespace() + "/" + p.name() + " " + c.name() + ": " + c.state() + " "
                            + c.reason() + (c.exitCode() == null ? "" : " (exit " + c.exitCode() + ")") + last);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        int[] widths = new int[6];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + (widths[i] + 3) + "s", r[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        if (!reasons.isEmpty()) {
            out.append('\n');
            reasons.forEach(r -> out.append(r).append('\n'));
        }
        return out.toString();
    }

    /** kubectl's STATUS column, reduced to what the state file knows. */
    static String status(PodState p, boolean runnerAlive) {
        if (!runnerAlive && ("Running".equals(p.phase()) || "Pending".equals(p.phase()))) {
            return "Unknown";
        }
        for (ContainerState c : p.containers()) {
            if (ContainerState.WAITING.equals(c.state()) && c.reason() != null
                    && !"ContainerCreating".equals(c.reason())) {
                return shortReason(c.reason());
            }
        }
        if ("Succeeded".equals(p.phase())) {
            return "Completed";
        }
        if ("Failed".equals(p.phase())) {
            for (ContainerState c : p.containers()) {
                if (c.exitCode() != null && c.exitCode() != 0) {
                    return shortReason(c.reason());
                }
            }
            return "Error";
        }
        if ("Pending".equals(p.phase())) {
            return "ContainerCreating";
        }
        return p.phase();
    }

    private static String shortReason(String reason) {
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }

    /** kubectl's {@code HumanDuration}: 45s, 3m20s, 25m, 5h10m, 20h, 3d4h, 12d. */
    static String age(long millis) {
        long s = Math.max(0, millis / 1000);
        if (s < 120) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 10) {
            return m + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
        }
        if (m < 180) {
            return m + "m";
        }
        long h = m / 60;
        if (h < 8) {
            return h + "h" + (m % 60 == 0 ? "" : m % 60 + "m");
        }
        if (h < 48) {
            return h + "h";
        }
        long d = h / 24;
        return d < 8 && h % 24 != 0 ? d + "d" + h % 24 + "h" : d + "d";
    }
}
