package dev.saffron.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Two builds of core decoding the same input, alternately, in one JVM: each build's classes load in a class
 * loader of their own (the class path with core's jar swapped), and every decode is timed in thread CPU
 * time, which other processes on a loaded machine do not inflate as they inflate JMH's wall-clock scores.
 * Prints the median and the quartiles of each build's CPU milliseconds per decode.
 *
 * <pre>java -cp bench/target/classes:$(cat bench/target/classpath.txt) dev.saffron.bench.PairedDecodeCpu \
 *     BEFORE.jar AFTER.jar CODEC INPUT [ROUNDS]</pre>
 */
public final class PairedDecodeCpu {
    private static final int WARM_UP_ROUNDS = 200;

    private PairedDecodeCpu() {
    }

    /** @param args the core jar before, the core jar after, a {@link Codec} name, an input, and rounds */
    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: PairedDecodeCpu BEFORE.jar AFTER.jar CODEC INPUT [ROUNDS]");
            System.exit(2);
        }
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 300;
        String[] jars = {args[0], args[1]};
        Decoding[] builds = {new Decoding(jars[0], args[2], args[3]), new Decoding(jars[1], args[2], args[3])};
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[][] nanos = new long[2][rounds];
        for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
            for (int b = 0; b < 2; b++) {
                // Alternating which build goes first keeps either from always running on a warmer cache.
                int which = (round & 1) == 0 ? b : 1 - b;
                long start = threads.getCurrentThreadCpuTime();
                builds[which].decodeAll();
                long spent = threads.getCurrentThreadCpuTime() - start;
                if (round >= 0) {
                    nanos[which][round] = spent;
                }
            }
        }
        for (int b = 0; b < 2; b++) {
            long[] sorted = nanos[b].clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "%-6s %s %s: median %.2f ms CPU per decode (quartiles %.2f-%.2f), %d rounds, %s%n",
                    b == 0 ? "before" : "after", args[2], args[3], sorted[rounds / 2] / 1e6, sorted[rounds / 4] / 1e6,
                    sorted[3 * rounds / 4] / 1e6, rounds, jars[b]);
        }
    }

    /** One build's {@link CodecInput}, reached by reflection through its own class loader. */
    private static final class Decoding {
        private final Object input;
        private final Method decodeAll;

        Decoding(String coreJar, String codec, String what) throws Exception {
            List<URL> urls = new ArrayList<>();
            String core = Path.of(System.getProperty("saffron.bench.core", "core/target/saffron-core-0.1.0-SNAPSHOT.jar"))
                    .toAbsolutePath().toString();
            for (String entry : System.getProperty("java.class.path").split(":")) {
                String path = Path.of(entry).toAbsolutePath().toString();
                urls.add(Path.of(path.equals(core) ? coreJar : path).toUri().toURL());
            }
            ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            Class<?> codecClass = loader.loadClass(Codec.class.getName());
            Class<?> inputClass = loader.loadClass(CodecInput.class.getName());
            Method load = inputClass.getDeclaredMethod("load", codecClass, String.class);
            load.setAccessible(true);
            Object codecValue = codecClass.getMethod("valueOf", String.class).invoke(null, codec);
            // Core finds its optional decoders through the service loader, which looks in the context loader.
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                input = load.invoke(null, codecValue, what);
            } finally {
                thread.setContextClassLoader(previous);
            }
            decodeAll = inputClass.getDeclaredMethod("decodeAll");
            decodeAll.setAccessible(true);
        }

        void decodeAll() throws Exception {
            decodeAll.invoke(input);
        }
    }
}
