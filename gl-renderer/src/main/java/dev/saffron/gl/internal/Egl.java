package dev.saffron.gl.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import java.util.Set;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The EGL calls the window needs to show a dma-buf scanout, bound by hand through FFM, like the Xlib calls next
 * to it: LWJGL's EGL bindings are another artifact (lwjgl-egl) with natives of its own, and
 * {@code glEGLImageTargetTexture2DOES} is a GLES entry point LWJGL's desktop GL bindings lack; a dozen functions
 * through FFM cost less than two more dependencies. Extension functions come from {@code eglGetProcAddress}.
 * Holds no EGL state of its own: each call names its display.
 */
public final class Egl {
    public static final int EGL_NONE = 0x3038;
    public static final int EGL_WIDTH = 0x3057;
    public static final int EGL_HEIGHT = 0x3056;
    public static final int EGL_EXTENSIONS = 0x3055;
    public static final int EGL_LINUX_DMA_BUF_EXT = 0x3270;
    public static final int EGL_LINUX_DRM_FOURCC_EXT = 0x3271;
    public static final int EGL_DMA_BUF_PLANE0_FD_EXT = 0x3272;
    public static final int EGL_DMA_BUF_PLANE0_OFFSET_EXT = 0x3273;
    public static final int EGL_DMA_BUF_PLANE0_PITCH_EXT = 0x3274;
    public static final int EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT = 0x3443;
    public static final int EGL_DMA_BUF_PLANE0_MODIFIER_HI_EXT = 0x3444;
    public static final int EGL_GL_TEXTURE_2D_KHR = 0x30B1;
    public static final int GL_TEXTURE_2D = 0x0DE1;

    private static final Linker LINKER = Linker.nativeLinker();

    private final MethodHandle getCurrentDisplay;
    private final MethodHandle getCurrentContext;
    private final MethodHandle queryString;
    private final MethodHandle getError;
    private final MethodHandle getProcAddress;
    private final MethodHandle createImage;
    private final MethodHandle destroyImage;
    private final MethodHandle imageTargetTexture;

    @SuppressWarnings("restricted")
    private Egl(SymbolLookup egl) {
        getCurrentDisplay = LINKER.downcallHandle(egl.find("eglGetCurrentDisplay").orElseThrow(),
                FunctionDescriptor.of(ADDRESS));
        getCurrentContext = LINKER.downcallHandle(egl.find("eglGetCurrentContext").orElseThrow(),
                FunctionDescriptor.of(ADDRESS));
        queryString = LINKER.downcallHandle(egl.find("eglQueryString").orElseThrow(),
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        getError = LINKER.downcallHandle(egl.find("eglGetError").orElseThrow(), FunctionDescriptor.of(JAVA_INT));
        getProcAddress = LINKER.downcallHandle(egl.find("eglGetProcAddress").orElseThrow(),
                FunctionDescriptor.of(ADDRESS, ADDRESS));
        createImage = extension("eglCreateImageKHR",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        destroyImage = extension("eglDestroyImageKHR", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        imageTargetTexture = extension("glEGLImageTargetTexture2DOES", FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS));
    }

    /** @return EGL, if libEGL loads and has the image functions */
    @SuppressWarnings("restricted")
    public static Optional<Egl> load() {
        try {
            return Optional.of(new Egl(SymbolLookup.libraryLookup("libEGL.so.1", Arena.global())));
        } catch (IllegalArgumentException | IllegalStateException | java.util.NoSuchElementException e) {
            return Optional.empty();
        }
    }

    @SuppressWarnings("restricted")
    private MethodHandle extension(String name, FunctionDescriptor descriptor) {
        MemorySegment address = procAddress(name);
        if (address.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("EGL has no " + name);
        }
        return LINKER.downcallHandle(address, descriptor);
    }

    /** @return the address of an EGL or GL function, NULL if there is none (LWJGL's GL loads through this too) */
    public MemorySegment procAddress(String name) {
        try (Arena call = Arena.ofConfined()) {
            return (MemorySegment) getProcAddress.invokeExact(call.allocateFrom(name));
        } catch (Throwable t) {
            throw failure("eglGetProcAddress", t);
        }
    }

    /** @return the EGL display of the context current on this thread, NULL when it is not an EGL context */
    public MemorySegment currentDisplay() {
        try {
            return (MemorySegment) getCurrentDisplay.invokeExact();
        } catch (Throwable t) {
            throw failure("eglGetCurrentDisplay", t);
        }
    }

    /** @return the EGL context current on this thread, NULL when there is none */
    public MemorySegment currentContext() {
        try {
            return (MemorySegment) getCurrentContext.invokeExact();
        } catch (Throwable t) {
            throw failure("eglGetCurrentContext", t);
        }
    }

    /** @return the display's extensions */
    @SuppressWarnings("restricted")
    public Set<String> extensions(MemorySegment display) {
        try {
            MemorySegment text = (MemorySegment) queryString.invokeExact(display, EGL_EXTENSIONS);
            if (text.equals(MemorySegment.NULL)) {
                return Set.of();
            }
            return Set.of(text.reinterpret(Integer.MAX_VALUE).getString(0).trim().split("\\s+"));
        } catch (Throwable t) {
            throw failure("eglQueryString", t);
        }
    }

    /** @return the last EGL error of this thread, such as 0x3003 (EGL_BAD_ALLOC) */
    public int error() {
        try {
            return (int) getError.invokeExact();
        } catch (Throwable t) {
            throw failure("eglGetError", t);
        }
    }

    /**
     * {@code eglCreateImageKHR}.
     *
     * @param attributes the attribute list, ending with {@link #EGL_NONE}
     * @return the image, NULL on failure ({@link #error()} says why)
     */
    public MemorySegment createImage(MemorySegment display, MemorySegment context, int target, MemorySegment buffer,
                                     int[] attributes) {
        try (Arena call = Arena.ofConfined()) {
            return (MemorySegment) createImage.invokeExact(display, context, target, buffer,
                    call.allocateFrom(ValueLayout.JAVA_INT, attributes));
        } catch (Throwable t) {
            throw failure("eglCreateImageKHR", t);
        }
    }

    public void destroyImage(MemorySegment display, MemorySegment image) {
        try {
            int ignored = (int) destroyImage.invokeExact(display, image);
        } catch (Throwable t) {
            throw failure("eglDestroyImageKHR", t);
        }
    }

    /** {@code glEGLImageTargetTexture2DOES(GL_TEXTURE_2D, image)}: the bound texture takes the image's storage. */
    public void imageTargetTexture2D(MemorySegment image) {
        try {
            imageTargetTexture.invokeExact(GL_TEXTURE_2D, image);
        } catch (Throwable t) {
            throw failure("glEGLImageTargetTexture2DOES", t);
        }
    }

    private static AssertionError failure(String function, Throwable cause) {
        return new AssertionError("the " + function + " binding failed", cause);
    }
}
