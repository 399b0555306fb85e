package dev.saffron.bench;

import dev.saffron.gl.internal.Egl;
import dev.saffron.gl.internal.EglFunctions;
import org.lwjgl.opengl.GL;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.lwjgl.opengl.GL44C.*;

/**
 * What one full 1920x1080 BGRA frame costs to reach a texture, three ways, on a headless EGL context (the first
 * EGL device: llvmpipe here, the GPU on a machine with one):
 * <ul>
 *   <li>{@code client}: {@code glTexSubImage2D} straight from the surface's memory (GPU.md's baseline);</li>
 *   <li>{@code pbo}: the window's path today ({@code SurfaceTexture.upload}): orphan a pixel buffer, map it, copy
 *       the rows in, unmap, {@code glTexSubImage2D} from it;</li>
 *   <li>{@code persistent}: the copy-free path: the surface's pixels live in a persistently, coherently mapped
 *       buffer ({@code ARB_buffer_storage}), so a frame is only {@code glTexSubImage2D} from it.</li>
 * </ul>
 * Each upload is followed by {@code glFinish}, so the figure is the whole transfer. Run by
 * {@code scripts/gl-scanout-bench}.
 *
 * <p>Usage: {@code GlUploadCost [FRAMES]} (default 200 after 20 of warm-up).
 */
public final class GlUploadCost {
    private static final int WIDTH = 1920;
    private static final int HEIGHT = 1080;
    private static final long FRAME = 4L * WIDTH * HEIGHT;
    private static final int WARM_UP = 20;
    private static final int EGL_PLATFORM_DEVICE_EXT = 0x313F;
    private static final int EGL_OPENGL_API = 0x30A2;
    private static final int EGL_RENDERABLE_TYPE = 0x3040;
    private static final int EGL_OPENGL_BIT = 0x0008;
    private static final int EGL_SURFACE_TYPE = 0x3033;
    private static final int EGL_PBUFFER_BIT = 0x0001;
    private static final int EGL_CONTEXT_MAJOR_VERSION = 0x3098;
    private static final int EGL_CONTEXT_MINOR_VERSION = 0x30FB;
    private static final int EGL_CONTEXT_OPENGL_PROFILE_MASK = 0x30FD;
    private static final int EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT = 1;
    private static final int EGL_NONE = 0x3038;

    private GlUploadCost() {
    }

    public static void main(String[] args) throws Throwable {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        try (Arena arena = Arena.ofConfined()) {
            makeHeadlessContextCurrent(arena);
            Egl egl = Egl.load().orElseThrow(() -> new IllegalStateException("no libEGL"));
            GL.destroy();
            GL.create(new EglFunctions(egl));
            GL.createCapabilities();
            System.out.println("renderer: " + glGetString(GL_RENDERER) + " (" + glGetString(GL_VERSION) + ")");
            MemorySegment surface = arena.allocate(FRAME, 64);
            for (long i = 0; i < FRAME; i += 4) {
                surface.set(JAVA_INT, i, (int) (i * 2654435761L));
            }
            int texture = glGenTextures();
            glBindTexture(GL_TEXTURE_2D, texture);
            glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB8, WIDTH, HEIGHT, 0, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, 0L);
            glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
            report("client", frames, () -> {
                glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
                nglTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, WIDTH, HEIGHT, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV,
                        surface.address());
            });
            int[] buffers = new int[2];
            glGenBuffers(buffers);
            int[] next = {0};
            report("pbo", frames, () -> {
                glBindBuffer(GL_PIXEL_UNPACK_BUFFER, buffers[next[0]]);
                next[0] ^= 1;
                glBufferData(GL_PIXEL_UNPACK_BUFFER, FRAME, GL_STREAM_DRAW);
                ByteBuffer mapped = glMapBufferRange(GL_PIXEL_UNPACK_BUFFER, 0, FRAME,
                        GL_MAP_WRITE_BIT | GL_MAP_INVALIDATE_BUFFER_BIT);
                MemorySegment.copy(surface, 0, MemorySegment.ofBuffer(mapped), 0, FRAME);
                glUnmapBuffer(GL_PIXEL_UNPACK_BUFFER);
                glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, WIDTH, HEIGHT, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, 0L);
            });
            if (GL.getCapabilities().GL_ARB_buffer_storage || GL.getCapabilities().OpenGL44) {
                int persistent = glGenBuffers();
                glBindBuffer(GL_PIXEL_UNPACK_BUFFER, persistent);
                int flags = GL_MAP_WRITE_BIT | GL_MAP_PERSISTENT_BIT | GL_MAP_COHERENT_BIT;
                glBufferStorage(GL_PIXEL_UNPACK_BUFFER, FRAME, flags);
                MemorySegment pixels = MemorySegment.ofBuffer(glMapBufferRange(GL_PIXEL_UNPACK_BUFFER, 0, FRAME, flags));
                // The surface would be drawn here directly; one copy fills it for the measurement.
                MemorySegment.copy(surface, 0, pixels, 0, FRAME);
                int[] frame = {0};
                report("persistent", frames, () -> {
                    // A draw touches the picture between frames, as the guest's would.
                    pixels.set(JAVA_INT, 4L * (frame[0]++ % (WIDTH * HEIGHT)), frame[0]);
                    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, WIDTH, HEIGHT, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, 0L);
                });
            } else {
                System.out.println("persistent: the context has no ARB_buffer_storage");
            }
        }
    }

    private static void report(String label, int frames, Runnable upload) {
        for (int i = 0; i < WARM_UP; i++) {
            upload.run();
            glFinish();
        }
        double[] millis = new double[frames];
        for (int i = 0; i < frames; i++) {
            long start = System.nanoTime();
            upload.run();
            glFinish();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Summary summary = Summary.of(millis);
        System.out.printf("%-11s 1080p upload: median %6.2f ms (95%% CI %.2f-%.2f, min %.2f)  %5.2f GB/s%n", label,
                summary.median(), summary.low(), summary.high(), summary.min(), FRAME / summary.median() / 1e6);
        if (glGetError() != GL_NO_ERROR) {
            throw new IllegalStateException(label + ": OpenGL reported an error");
        }
    }

    /** A surfaceless OpenGL 3.3 core context on the first EGL device, current on this thread. */
    @SuppressWarnings("restricted")
    private static void makeHeadlessContextCurrent(Arena arena) throws Throwable {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libEgl = SymbolLookup.libraryLookup("libEGL.so.1", Arena.global());
        MethodHandle getProcAddress = linker.downcallHandle(libEgl.find("eglGetProcAddress").orElseThrow(),
                FunctionDescriptor.of(ADDRESS, ADDRESS));
        MemorySegment queryDevicesAddress = (MemorySegment) getProcAddress.invokeExact(arena.allocateFrom("eglQueryDevicesEXT"));
        MethodHandle queryDevices = linker.downcallHandle(queryDevicesAddress,
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        MethodHandle platformDisplay = linker.downcallHandle(libEgl.find("eglGetPlatformDisplay").orElseThrow(),
                FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        MethodHandle initialize = linker.downcallHandle(libEgl.find("eglInitialize").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        MethodHandle bindApi = linker.downcallHandle(libEgl.find("eglBindAPI").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        MethodHandle chooseConfig = linker.downcallHandle(libEgl.find("eglChooseConfig").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        MethodHandle createContext = linker.downcallHandle(libEgl.find("eglCreateContext").orElseThrow(),
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        MethodHandle makeCurrent = linker.downcallHandle(libEgl.find("eglMakeCurrent").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));

        MemorySegment devices = arena.allocate(ADDRESS, 4);
        MemorySegment count = arena.allocate(JAVA_INT);
        if ((int) queryDevices.invokeExact(4, devices, count) != 1 || count.get(JAVA_INT, 0) < 1) {
            throw new IllegalStateException("EGL lists no device");
        }
        MemorySegment display = (MemorySegment) platformDisplay.invokeExact(EGL_PLATFORM_DEVICE_EXT,
                devices.get(ADDRESS, 0), MemorySegment.NULL);
        if ((int) initialize.invokeExact(display, MemorySegment.NULL, MemorySegment.NULL) != 1
                || (int) bindApi.invokeExact(EGL_OPENGL_API) != 1) {
            throw new IllegalStateException("the EGL device does not initialize for OpenGL");
        }
        MemorySegment config = arena.allocate(ADDRESS);
        int chosen = (int) chooseConfig.invokeExact(display, arena.allocateFrom(JAVA_INT, EGL_RENDERABLE_TYPE,
                EGL_OPENGL_BIT, EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_NONE), config, 1, count);
        // Without a config, EGL_KHR_no_config_context's EGL_NO_CONFIG_KHR (null) is the one asked for.
        MemorySegment chosenConfig = chosen == 1 && count.get(JAVA_INT, 0) > 0 ? config.get(ADDRESS, 0)
                : MemorySegment.NULL;
        MemorySegment context = (MemorySegment) createContext.invokeExact(display, chosenConfig,
                MemorySegment.NULL, arena.allocateFrom(JAVA_INT, EGL_CONTEXT_MAJOR_VERSION, 3,
                        EGL_CONTEXT_MINOR_VERSION, 3, EGL_CONTEXT_OPENGL_PROFILE_MASK,
                        EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE));
        if (context.equals(MemorySegment.NULL)
                || (int) makeCurrent.invokeExact(display, MemorySegment.NULL, MemorySegment.NULL, context) != 1) {
            throw new IllegalStateException("no surfaceless OpenGL 3.3 core context on the EGL device");
        }
    }
}
