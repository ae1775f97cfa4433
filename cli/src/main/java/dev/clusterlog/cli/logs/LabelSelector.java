package dev.clusterlog.cli.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes equality-based label selector: {@code k=v}, {@code k==v}, {@code k!=v}, {@code k}
 * (exists) and {@code !k} (does not exist), joined by commas; all must hold.
 */
public final class LabelSelector {
    private record Requirement(String key, String op, String value) {
    }

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    public static LabelSelector parse(String text) {
        List<Requirement> reqs = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            Requirement r;
            if (p.contains("!=")) {
                int i = p.indexOf("!=");
                r = new Requirement(p.substring(0, i).trim(), "!=", p.substring(i + 2).trim());
            } else if (p.contains("==")) {
                int i = p.indexOf("==");
                r = new Requirement(p.substring(0, i).trim(), "=", p.substring(i + 2).trim());
            } else if (p.contains("=")) {
                int i = p.indexOf('=');
                r = new Requirement(p.substring(0, i).trim(), "=", p.substring(i + 1).trim());
            } else if (p.startsWith("!")) {
                r = new Requirement(p.substring(1).trim(), "!exists", null);
            } else {
                r = new Requirement(p, "exists", null);
            }
            if (r.key.isEmpty() || !r.key.matches("[A-Za-z0-9./_-]+")) {
                throw new IllegalArgumentException("unable to parse requirement \"" + p
                        + "\": expected key=value, key!=value, key or !key with a valid label key");
            }
            reqs.add(r);
        }
        return new LabelSelector(reqs);
    }

    public boolean matches(Map<String, String> labels) {
        for (Requirement r : requirements) {
            String v = labels.get(r.key);
            boolean ok = switch (r.op) {
                case "=" -> r.value.equals(v);
                case "!=" -> !r.value.equals(v);
                case "exists" -> v != null;
                default -> v == null;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
