package dev.saffron.spice.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Asks dpkg whether a Debian package is installed. A command of the right name on {@code PATH} proves
 * nothing: machines may carry stand-ins for well-known commands, and only the package's status says the real
 * program is there. Answers are kept for the JVM's life, since the test run installs nothing.
 */
final class DebianPackages {
    /** What {@code dpkg-query -W -f='${Status}'} prints for an installed package. */
    static final String INSTALLED = "install ok installed";

    private static final Map<String, Boolean> KNOWN = new ConcurrentHashMap<>();

    private DebianPackages() {
    }

    /**
     * @return whether dpkg reports the package installed; true on a machine without dpkg, where there is
     *         nothing to ask and the program found on PATH is taken as it is
     */
    static boolean installed(String name) {
        return KNOWN.computeIfAbsent(name, DebianPackages::query);
    }

    private static boolean query(String name) {
        try {
            Process process = new ProcessBuilder("dpkg-query", "-W", "-f=${Status}", name)
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("dpkg-query " + name + " did not answer in 10 s");
            }
            return process.exitValue() == 0 && output.strip().equals(INSTALLED);
        } catch (IOException e) {
            // No dpkg-query: not a Debian machine, so no package to check.
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking dpkg about " + name, e);
        }
    }
}
