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
    private static final Long MY_UID = myUid();

    private LoopbackPeers() {}

    /**
     * Whether the socket at {@code peer}, connected to our {@code local} address, belongs to the current user. A peer
     * not found in the table (it closed already) is refused.
     */
    static boolean sameUser(InetSocketAddress peer, InetSocketAddress local) {
        if (MY_UID == null || peer == null || local == null) {
            return MY_UID == null;
        }
        String peerKey = key(peer);
        String localKey = key(local);
        try {
            for (String line : Files.readAllLines(TCP, StandardCharsets.US_ASCII)) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid ...; the peer's socket is the row whose
                // local end is the peer and whose remote end is us.
                if (f.length > 7 && f[1].equals(peerKey) && f[2].equals(localKey)) {
                    return Long.parseLong(f[7]) == MY_UID;
                }
            }
            return false;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** {@code 0100007F:1F90}: the IPv4 address as the kernel prints it (little-endian hex), then the port. */
    private static String key(InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        if (ip.length != 4) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                "%02X%02X%02X%02X:%04X",
                ip[3] & 0xff,
                ip[2] & 0xff,
                ip[1] & 0xff,
                ip[0] & 0xff,
                address.getPort());
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
