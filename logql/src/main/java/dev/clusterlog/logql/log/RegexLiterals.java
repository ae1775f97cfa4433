package dev.clusterlog.logql.log;

import java.util.ArrayList;
import java.util.List;

/**
 * What a line must contain for an (unanchored) regex to match it, read from the regex text: the
 * literal runs of a top-level concatenation (every one is required), or the alternatives of a
 * top-level alternation of pure literals (one of them is required). Conservative: anything it does
 * not understand (flags, backreferences) yields no requirement.
 */
public final class RegexLiterals {
    private RegexLiterals() {
    }

    /** The regex as a plain string when it has no metacharacters, else null. */
    public static String pureLiteral(String re) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                if (c == '\\' && i + 1 < re.length() && isEscapedLiteral(re.charAt(i + 1))) {
                    sb.append(re.charAt(++i));
                    continue;
                }
                return null;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Alternatives when the regex is {@code lit1|lit2|...}, else null. */
    public static List<String> literalAlternatives(String re) {
        List<String> parts = splitTopLevel(re);
        if (parts == null || parts.size() < 2) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            String lit = pureLiteral(p);
            if (lit == null || lit.isEmpty()) {
                return null;
            }
            out.add(lit);
        }
        return out;
    }

    /** Literal runs every match contains (empty when none is known). */
    public static List<String> requiredRuns(String re) {
        List<String> runs = new ArrayList<>();
        if (re.contains("(?") && !re.contains("(?P<") && !re.contains("(?:")) {
            return runs;
        }
        List<String> top = splitTopLevel(re);
        if (top == null || top.size() != 1) {
            return runs;
        }
        StringBuilder run = new StringBuilder();
        int i = 0;
        while (i < re.length()) {
            char c = re.charAt(i);
            String lit = null;
            int next = i + 1;
            if (c == '\\' && i + 1 < re.length()) {
                if (isEscapedLiteral(re.charAt(i + 1))) {
                    lit = String.valueOf(re.charAt(i + 1));
                }
                next = i + 2;
            } else if (c == '(') {
                next = skipGroup(re, i);
                if (next < 0) {
                    return new ArrayList<>();
                }
            } else if (c == '[') {
                next = skipClass(re, i);
                if (next < 0) {
                    return new ArrayList<>();
                }
            } else if (c == '{') {
                int close = re.indexOf('}', i);
                next = close < 0 ? re.length() : close + 1;
            } else if ("*+?".indexOf(c) >= 0) {
                next = i + 1 < re.length() && re.charAt(i + 1) == '?' ? i + 2 : i + 1;
            } else if (".^$|".indexOf(c) < 0) {
                lit = String.valueOf(c);
            }
            boolean optional = next < re.length() && "*?{".indexOf(re.charAt(next)) >= 0;
            boolean repeated = next < re.length() && re.charAt(next) == '+';
            if (lit != null && !optional) {
                run.append(lit);
                if (repeated) {
                    flush(runs, run);
                }
            } else {
                flush(runs, run);
            }
            i = next;
        }
        flush(runs, run);
        return runs;
    }

    private static void flush(List<String> runs, StringBuilder run) {
        if (!run.isEmpty()) {
            runs.add(run.toString());
            run.setLength(0);
        }
    }

    private static boolean isEscapedLiteral(char c) {
        return !Character.isLetterOrDigit(c);
    }

    private static int skipGroup(String re, int i) {
        int depth = 0;
        for (int j = i; j < re.length(); j++) {
            char c = re.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '[') {
                j = skipClass(re, j) - 1;
                if (j < 0) {
                    return -1;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return j + 1;
            }
        }
        return -1;
    }

    private static int skipClass(String re, int i) {
        int j = i + 1;
        if (j < re.length() && re.charAt(j) == '^') {
            j++;
        }
        if (j < re.length() && re.charAt(j) == ']') {
            j++;
        }
        for (; j < re.length(); j++) {
            char c = re.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '[' && j + 1 < re.length() && re.charAt(j + 1) == ':') {
                int close = re.indexOf(":]", j);
                if (close < 0) {
                    return -1;
                }
                j = close + 1;
            } else if (c == ']') {
                return j + 1;
            }
        }
        return -1;
    }

    /** Splits on top-level {@code |}; null when the regex is malformed. */
    private static List<String> splitTopLevel(String re) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < re.length()) {
            char c = re.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '(') {
                i = skipGroup(re, i);
                if (i < 0) {
                    return null;
                }
            } else if (c == '[') {
                i = skipClass(re, i);
                if (i < 0) {
                    return null;
                }
            } else if (c == '|') {
                parts.add(re.substring(start, i));
                start = ++i;
            } else {
                i++;
            }
        }
        parts.add(re.substring(start));
        return parts;
    }
}
