package dev.gatewaycli.emulator.lambda;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Who is on the other end of a loopback TCP connection. The Runtime API, like Lambda's, has no authentication: whoever
 * connects gets the next event (with the caller's token in it) and may answer for the function. On a shared machine any
 * user can connect to a loopback port, so each connection is accepted only from a socket of the current user, as Linux
 * lists them with their owner in {@code /proc/net/tcp}. Where that file does not exist (not Linux) every loopback peer
 * is accepted (docs/emulator.md, "Differences").
 */
final class LoopbackPeers {

    private static final Path TCP = Path.of("/proc/net/tcp");
    private static final Path TCP6 = Path.of("/proc/net/tcp6");
    private static final Long MY_UID = myUid();

    private LoopbackPeers() {}

    /**
     * Whether the socket at {@code peer}, connected to our {@code local} address, belongs to the current user. A peer
     * not found in the tables (it closed already) is refused. An IPv4 client's socket is listed in {@code tcp}, a
     * dual-stack one's (a JVM's) in {@code tcp6} with IPv4-mapped addresses.
     */
    static boolean sameUser(InetSocketAddress peer, InetSocketAddress local) {
        if (MY_UID == null || peer == null || local == null) {
            return MY_UID == null;
        }
        Long owner = owner(TCP, key(peer, false), key(local, false));
        if (owner == null) {
            owner = owner(TCP6, key(peer, true), key(local, true));
        }
        return owner != null && owner.equals(MY_UID);
    }

    /** The uid of the row whose local end is {@code peerKey} and remote end {@code localKey}, null when there is none. */
    private static Long owner(Path table, String peerKey, String localKey) {
        try {
            for (String line : Files.readAllLines(table, StandardCharsets.US_ASCII)) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid ...; the peer's socket is the row whose
                // local end is the peer and whose remote end is us.
                if (f.length > 7 && f[1].equals(peerKey) && f[2].equals(localKey)) {
                    return Long.parseLong(f[7]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unreadable: not found
        }
        return null;
    }

    /**
     * The address as the kernel prints it, then the port: each 32-bit word of the address in little-endian hex
     * ({@code 0100007F:1F90}); for {@code tcp6} an IPv4 address IPv4-mapped ({@code 0000000000000000FFFF00000100007F}).
     */
    private static String key(InetSocketAddress address, boolean six) {
        byte[] ip = address.getAddress().getAddress();
        if (six && ip.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(ip, 0, mapped, 12, 4);
            ip = mapped;
        } else if (six != (ip.length == 16)) {
            return "";
        }
        StringBuilder out = new StringBuilder(40);
        for (int word = 0; word < ip.length; word += 4) {
            for (int i = 3; i >= 0; i--) {
                out.append(String.format(Locale.ROOT, "%02X", ip[word + i] & 0xff));
            }
        }
        return out.append(String.format(Locale.ROOT, ":%04X", address.getPort()))
                .toString();
    }

    private static Long myUid() {
        if (!Files.isReadable(TCP)) {
            return null;
        }
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }
}
