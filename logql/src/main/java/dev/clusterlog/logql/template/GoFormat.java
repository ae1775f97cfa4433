package dev.clusterlog.logql.template;

import java.util.List;

/** Go's {@code fmt.Sprintf} for the verbs templates use: %s %v %d %f %e %g %q %x %X %t %c %%, with flags, width and precision. */
final class GoFormat {
    private GoFormat() {
    }

    static String sprintf(String format, List<Object> args) {
        StringBuilder sb = new StringBuilder();
        int argIndex = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c != '%') {
                sb.append(c);
                i++;
                continue;
            }
            int start = i++;
            while (i < format.length() && "+-# 0".indexOf(format.charAt(i)) >= 0) {
                i++;
            }
            while (i < format.length() && (Character.isDigit(format.charAt(i)) || format.charAt(i) == '.')) {
                i++;
            }
            if (i >= format.length()) {
                sb.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(i++);
            String spec = format.substring(start + 1, i - 1);
            if (verb == '%') {
                sb.append('%');
                continue;
            }
            if (argIndex >= args.size()) {
                sb.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            Object arg = args.get(argIndex++);
            sb.append(one(spec, verb, arg));
        }
        if (argIndex < args.size()) {
            sb.append("%!(EXTRA ");
            for (int k = argIndex; k < args.size(); k++) {
                if (k > argIndex) {
                    sb.append(", ");
                }
                sb.append(typeName(args.get(k))).append('=').append(Values.print(args.get(k)));
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private static String typeName(Object o) {
        return o instanceof String ? "string" : o instanceof Long ? "int64" : o instanceof Double ? "float64"
                : o instanceof Boolean ? "bool" : "value";
    }

    private static String one(String spec, char verb, Object arg) {
        try {
            return switch (verb) {
                case 'v', 's' -> java.lang.String.format("%" + spec.replace("0", "") + "s", Values.print(arg));
                case 'd' -> arg instanceof Long || arg instanceof Double && (double) arg == Math.rint((double) arg)
                        ? java.lang.String.format("%" + spec + "d", Values.toLong(arg))
                        : "%!d(" + typeName(arg) + "=" + Values.print(arg) + ")";
                case 'f', 'F', 'e', 'E', 'g', 'G' -> arg instanceof Long || arg instanceof Double
                        ? java.lang.String.format("%" + (spec.contains(".") || verb == 'g' || verb == 'G' ? spec : spec + ".6")
                                + (verb == 'F' ? 'f' : verb), Values.toDouble(arg))
                        : "%!" + verb + "(" + typeName(arg) + "=" + Values.print(arg) + ")";
                case 'q' -> dev.clusterlog.core.text.GoStrings.quote(Values.print(arg));
                case 'x', 'X' -> {
                    String h = arg instanceof Long l ? Long.toHexString(l) : hex(Values.print(arg));
                    yield verb == 'X' ? h.toUpperCase(java.util.Locale.ROOT) : h;
                }
                case 't' -> Values.print(arg);
                case 'c' -> new String(Character.toChars((int) Values.toLong(arg)));
                default -> "%!" + verb + "(" + typeName(arg) + "=" + Values.print(arg) + ")";
            };
        } catch (java.util.IllegalFormatException e) {
            return "%!" + verb + "(BADFORMAT)";
        }
    }

    private static String hex(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            sb.append(java.lang.String.format("%02x", b & 0xff));
        }
        return sb.toString();
    }
}
