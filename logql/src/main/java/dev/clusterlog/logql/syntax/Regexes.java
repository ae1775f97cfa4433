package dev.clusterlog.logql.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * RE2 (Go) regular expressions run on java.util.regex: {@code (?P<name>...)} named groups become
 * {@code (?<gN>...)} (Java group names allow no underscore) with the names kept in order, and POSIX
 * classes {@code [:alpha:]} become {@code \p{Alpha}}. Stateless.
 */
public final class Regexes {
    private static final String[][] POSIX = {
        {"[:alnum:]", "\\p{Alnum}"}, {"[:alpha:]", "\\p{Alpha}"}, {"[:ascii:]", "\\p{ASCII}"},
        {"[:blank:]", "\\p{Blank}"}, {"[:cntrl:]", "\\p{Cntrl}"}, {"[:digit:]", "\\p{Digit}"},
        {"[:graph:]", "\\p{Graph}"}, {"[:lower:]", "\\p{Lower}"}, {"[:print:]", "\\p{Print}"},
        {"[:punct:]", "\\p{Punct}"}, {"[:space:]", "\\s"}, {"[:upper:]", "\\p{Upper}"},
        {"[:word:]", "\\w"}, {"[:xdigit:]", "\\p{XDigit}"},
    };

    private Regexes() {
    }

    /** A compiled regex and the names of its named groups; group {@code gI} holds {@code names.get(I)}. */
    public record Compiled(Pattern pattern, List<String> names) {
    }

    public static Compiled compile(String re2, boolean anchored) {
        List<String> names = new ArrayList<>();
        String java = translate(re2, names);
        if (anchored) {
            java = "^(?:" + java + ")$";
        }
        return new Compiled(Pattern.compile(java, Pattern.DOTALL), names);
    }

    public static List<String> groupNames(String re2) {
        List<String> names = new ArrayList<>();
        translate(re2, names);
        return names;
    }

    private static String translate(String re, List<String> names) {
        StringBuilder sb = new StringBuilder(re.length() + 8);
        int i = 0;
        while (i < re.length()) {
            char c = re.charAt(i);
            if (c == '\\' && i + 1 < re.length()) {
                sb.append(c).append(re.charAt(i + 1));
                i += 2;
            } else if (re.startsWith("(?P<", i) || (re.startsWith("(?<", i) && i + 3 < re.length()
                    && re.charAt(i + 3) != '=' && re.charAt(i + 3) != '!')) {
                int nameStart = re.startsWith("(?P<", i) ? i + 4 : i + 3;
                int close = re.indexOf('>', nameStart);
                if (close < 0) {
                    throw new java.util.regex.PatternSyntaxException("invalid named capture", re, i);
                }
                String name = re.substring(nameStart, close);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new java.util.regex.PatternSyntaxException("invalid named capture", re, i);
                }
                sb.append("(?<g").append(names.size()).append('>');
                names.add(name);
                i = close + 1;
            } else if (c == '[' && re.startsWith("[:", i)) {
                boolean replaced = false;
                for (String[] p : POSIX) {
                    if (re.startsWith(p[0], i)) {
                        sb.append(p[1]);
                        i += p[0].length();
                        replaced = true;
                        break;
                    }
                }
                if (!replaced) {
                    sb.append(c);
                    i++;
                }
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }
}
