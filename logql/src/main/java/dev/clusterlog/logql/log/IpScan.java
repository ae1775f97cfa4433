package dev.clusterlog.logql.log;

import dev.clusterlog.logql.syntax.IpPatterns;
import java.nio.charset.StandardCharsets;

/** Finds IP-address-looking tokens in a line and tests them against an {@code ip()} pattern. */
final class IpScan {
    private IpScan() {
    }

    static boolean containsMatching(byte[] buf, int off, int len, IpPatterns ip) {
        int end = off + len;
        int i = off;
        while (i < end) {
            if (!isIpByte(buf[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < end && isIpByte(buf[i])) {
                i++;
            }
            if (i - start >= 2 && i - start <= 45) {
                String token = new String(buf, start, i - start, StandardCharsets.ISO_8859_1);
                if ((token.indexOf('.') >= 0 || token.indexOf(':') >= 0) && ip.matches(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isIpByte(byte b) {
        return b >= '0' && b <= '9' || b == '.' || b == ':' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F';
    }
}
