package dev.saffron.spice.testing;

import java.io.IOException;
import java.time.Duration;

/**
 * spice-webdavd in the Linux test guest, which its init does not start: the guest's end of the webdav channel,
 * listening on {@link #URL} and passing each connection over the channel to the SPICE client's shared folder.
 */
public final class GuestWebdavd {
    /** spice-webdavd listens on the IPv4 loopback; the guest has no /etc/hosts to resolve localhost with. */
    public static final String URL = "http://127.0.0.1:9843";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /**
     * The guest boots with no network, so even its loopback interface is down. The image has no ip or
     * ifconfig, but it has perl: SIOCSIFFLAGS with IFF_UP, IFF_LOOPBACK and IFF_RUNNING on a 40-byte struct
     * ifreq; the kernel gives lo 127.0.0.1 then.
     */
    private static final String LOOPBACK_UP = "perl -e 'use Socket; socket(my $s, PF_INET, SOCK_DGRAM, 0) or die $!; "
            + "my $request = pack(\"a16 s x22\", \"lo\", 0x1 | 0x8 | 0x40); ioctl($s, 0x8914, $request) or die $!'";

    private GuestWebdavd() {
    }

    /**
     * Starts spice-webdavd (with the loopback interface, avahi, which Debian's spice-webdavd exits without, and
     * the fuse module davfs2 needs) and waits until it answers, which it does only once a client has the
     * webdav channel open.
     *
     * @throws IOException if it does not answer within a minute; the message has its log
     */
    public static void start(GuestAgent agent) throws IOException, InterruptedException {
        GuestAgent.ExecResult prepared = agent.shell(LOOPBACK_UP + " && avahi-daemon --daemonize --no-chroot "
                + "--no-drop-root 2>&1; modprobe fuse; echo prepared", WAIT);
        if (!prepared.stdout().contains("prepared")) {
            throw new IOException("cannot prepare the guest for spice-webdavd: " + prepared);
        }
        agent.spawn("G_MESSAGES_DEBUG=all spice-webdavd -p 9843 >/tmp/webdavd.log 2>&1");
        String options = agent.shellUntil("curl -s -o /dev/null -w 'status %{http_code}' -X OPTIONS " + URL + "/",
                "status 200", WAIT);
        if (!options.contains("status 200")) {
            throw new IOException("spice-webdavd does not answer: " + options + "; in the guest: "
                    + agent.shell("ps ax | grep -E 'avahi|webdav'; cat /tmp/webdavd.log", WAIT));
        }
    }
}
