package dev.clusterlog.logql.syntax;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The argument of {@code ip("...")}: a single address ({@code 192.168.0.1}), a range
 * ({@code 192.168.0.1-192.168.0.10}) or a CIDR ({@code 192.168.0.0/16}), IPv4 or IPv6.
 */
public record IpPatterns(BigInteger low, BigInteger high, boolean v6) {

    public static IpPatterns parse(String text) {
        String t = text.trim();
        try {
            int slash = t.indexOf('/');
            if (slash >= 0) {
                byte[] addr = address(t.substring(0, slash));
                int bits = Integer.parseInt(t.substring(slash + 1));
                int total = addr.length * 8;
                if (bits < 0 || bits > total) {
                    throw new IllegalArgumentException("invalid ip pattern: " + text);
                }
                BigInteger base = new BigInteger(1, addr);
                BigInteger hostMask = BigInteger.ONE.shiftLeft(total - bits).subtract(BigInteger.ONE);
                BigInteger low = base.andNot(hostMask);
                return new IpPatterns(low, low.or(hostMask), addr.length == 16);
            }
            int dash = t.indexOf('-');
            if (dash >= 0) {
                byte[] a = address(t.substring(0, dash).trim());
                byte[] b = address(t.substring(dash + 1).trim());
                if (a.length != b.length) {
                    throw new IllegalArgumentException("invalid ip pattern: " + text);
                }
                return new IpPatterns(new BigInteger(1, a), new BigInteger(1, b), a.length == 16);
            }
            byte[] a = address(t);
            BigInteger v = new BigInteger(1, a);
            return new IpPatterns(v, v, a.length == 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid ip pattern: " + text);
        }
    }

    /** True when the text is an address within this pattern. */
    public boolean matches(String address) {
        byte[] a;
        try {
            a = address(address.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if ((a.length == 16) != v6) {
            return false;
        }
        BigInteger v = new BigInteger(1, a);
        return v.compareTo(low) >= 0 && v.compareTo(high) <= 0;
    }

    /** Parses a literal address only (never a host name lookup). */
    static byte[] address(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("invalid ip address: empty");
        }
        if (s.indexOf(':') < 0) {
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("invalid ip address: " + s);
            }
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (!parts[i].matches("\\d{1,3}")) {
                    throw new IllegalArgumentException("invalid ip address: " + s);
                }
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    throw new IllegalArgumentException("invalid ip address: " + s);
                }
                out[i] = (byte) v;
            }
            return out;
        }
        if (!s.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("invalid ip address: " + s);
        }
        try {
            byte[] b = InetAddress.getByName(s).getAddress();
            if (b.length == 4) {
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(b, 0, mapped, 12, 4);
                return mapped;
            }
            return b;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid ip address: " + s);
        }
    }
}
