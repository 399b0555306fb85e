package dev.saffron.gl.internal;

import dev.saffron.spice.testing.XvfbServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lwjgl.opengl.GL;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lwjgl.opengl.GL33C.*;

/**
 * The window's import path from the EGLImage on, under Xvfb with Mesa's llvmpipe, which has no dma-buf to import:
 * an EGLImage made from a GL texture ({@code EGL_KHR_gl_texture_2D_image}) is bound to a second texture with
 * {@code glEGLImageTargetTexture2DOES} and drawn by the viewer's quad program; the picture read back must be the
 * first texture's. Where the display imports dma-bufs (Xvfb's llvmpipe does not list
 * {@code EGL_EXT_image_dma_buf_import}), a memfd offered as one must be refused with an error, not taken.
 */
class EglImageTextureTest {
    private static final int EGL_PLATFORM_X11_KHR = 0x31D5;
    private static final int EGL_OPENGL_API = 0x30A2;
    private static final int EGL_RENDERABLE_TYPE = 0x3040;
    private static final int EGL_OPENGL_BIT = 0x0008;
    private static final int EGL_SURFACE_TYPE = 0x3033;
    private static final int EGL_PBUFFER_BIT = 0x0001;
    private static final int EGL_CONTEXT_MAJOR_VERSION = 0x3098;
    private static final int EGL_CONTEXT_MINOR_VERSION = 0x30FB;
    private static final int EGL_CONTEXT_OPENGL_PROFILE_MASK = 0x30FD;
    private static final int EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT = 1;
    private static final int XRGB8888 = 0x34325258;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @SuppressWarnings("restricted")
    void aTextureThroughAnEglImageIsDrawnPixelForPixel(@TempDir Path temp) throws Throwable {
        try (XvfbServer x = XvfbServer.start(64, 64, temp); Arena arena = Arena.ofConfined()) {
            Linker linker = Linker.nativeLinker();
            SymbolLookup xlib = SymbolLookup.libraryLookup("libX11.so.6", arena);
            SymbolLookup libEgl = SymbolLookup.libraryLookup("libEGL.so.1", arena);
            MethodHandle openDisplay = linker.downcallHandle(xlib.find("XOpenDisplay").orElseThrow(),
                    FunctionDescriptor.of(ADDRESS, ADDRESS));
            MethodHandle platformDisplay = linker.downcallHandle(libEgl.find("eglGetPlatformDisplay").orElseThrow(),
                    FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
            MethodHandle initialize = linker.downcallHandle(libEgl.find("eglInitialize").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
            MethodHandle bindApi = linker.downcallHandle(libEgl.find("eglBindAPI").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT));
            MethodHandle chooseConfig = linker.downcallHandle(libEgl.find("eglChooseConfig").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
            MethodHandle createPbuffer = linker.downcallHandle(libEgl.find("eglCreatePbufferSurface").orElseThrow(),
                    FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
            MethodHandle createContext = linker.downcallHandle(libEgl.find("eglCreateContext").orElseThrow(),
                    FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
            MethodHandle makeCurrent = linker.downcallHandle(libEgl.find("eglMakeCurrent").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
            MethodHandle terminate = linker.downcallHandle(libEgl.find("eglTerminate").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS));

            MemorySegment xDisplay = (MemorySegment) openDisplay.invokeExact(arena.allocateFrom(x.display()));
            assertNotEquals(MemorySegment.NULL, xDisplay, "Xvfb answers");
            MemorySegment display = (MemorySegment) platformDisplay.invokeExact(EGL_PLATFORM_X11_KHR, xDisplay,
                    MemorySegment.NULL);
            assertEquals(1, (int) initialize.invokeExact(display, MemorySegment.NULL, MemorySegment.NULL));
            assertEquals(1, (int) bindApi.invokeExact(EGL_OPENGL_API));
            MemorySegment config = arena.allocate(ADDRESS);
            MemorySegment count = arena.allocate(JAVA_INT);
            int chosen = (int) chooseConfig.invokeExact(display, arena.allocateFrom(JAVA_INT, EGL_RENDERABLE_TYPE,
                    EGL_OPENGL_BIT, EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, Egl.EGL_NONE), config, 1, count);
            assertTrue(chosen == 1 && count.get(JAVA_INT, 0) == 1, "an OpenGL pbuffer config");
            MemorySegment surface = (MemorySegment) createPbuffer.invokeExact(display, config.get(ADDRESS, 0),
                    arena.allocateFrom(JAVA_INT, Egl.EGL_WIDTH, 4, Egl.EGL_HEIGHT, 4, Egl.EGL_NONE));
            MemorySegment context = (MemorySegment) createContext.invokeExact(display, config.get(ADDRESS, 0),
                    MemorySegment.NULL, arena.allocateFrom(JAVA_INT, EGL_CONTEXT_MAJOR_VERSION, 3,
                            EGL_CONTEXT_MINOR_VERSION, 3, EGL_CONTEXT_OPENGL_PROFILE_MASK,
                            EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, Egl.EGL_NONE));
            assertNotEquals(MemorySegment.NULL, context, "an OpenGL 3.3 core context");
            assertEquals(1, (int) makeCurrent.invokeExact(display, surface, surface, context));
            try {
                Egl egl = Egl.load().orElseThrow();
                // LWJGL loads libGL's GLX entry points when its GL class starts; this context is EGL's.
                GL.destroy();
                GL.create(new EglFunctions(egl));
                GL.createCapabilities();
                drawThroughAnEglImage(egl);
                if (EglImageTexture.canImportDmaBuf(egl)) {
                    refusesAMemfd(egl);
                }
            } finally {
                GL.setCapabilities(null);
                GL.destroy();
                int ignored = (int) makeCurrent.invokeExact(display, MemorySegment.NULL, MemorySegment.NULL,
                        MemorySegment.NULL);
                ignored = (int) terminate.invokeExact(display);
            }
        }
    }

    private static void drawThroughAnEglImage(Egl egl) {
        // 2x2 BGRA: top row red, green; bottom row blue, white.
        int[] texels = {0xFFFF0000, 0xFF00FF00, 0xFF0000FF, 0xFFFFFFFF};
        int source = glGenTextures();
        glBindTexture(GL_TEXTURE_2D, source);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 2, 2, 0, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, texels);
        int framebuffer = glGenFramebuffers();
        int target = glGenTextures();
        try (EglImageTexture imported = EglImageTexture.fromTexture(egl, source);
             QuadProgram quad = new QuadProgram()) {
            glBindTexture(GL_TEXTURE_2D, target);
            glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 2, 2, 0, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, (IntBuffer) null);
            glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
            glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, target, 0);
            assertEquals(GL_FRAMEBUFFER_COMPLETE, glCheckFramebufferStatus(GL_FRAMEBUFFER));
            glViewport(0, 0, 2, 2);
            glClearColor(0, 0, 0, 0);
            glClear(GL_COLOR_BUFFER_BIT);
            imported.bind();
            quad.draw(0, 0, 2, 2, 2, 2);
            int[] read = new int[4];
            glReadPixels(0, 0, 2, 2, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, read);
            assertEquals(GL_NO_ERROR, glGetError());
            // glReadPixels starts at the bottom row; the quad puts texture row 0 at the top.
            assertArrayEquals(new int[]{texels[2], texels[3], texels[0], texels[1]}, read,
                    "the picture drawn from the EGLImage's texture");
        } finally {
            glBindFramebuffer(GL_FRAMEBUFFER, 0);
            glDeleteFramebuffers(framebuffer);
            glDeleteTextures(target);
            glDeleteTextures(source);
        }
    }

    /** A memfd is no dma-buf: the import must fail with EGL's error, not take it. */
    @SuppressWarnings("restricted")
    private static void refusesAMemfd(Egl egl) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle memfdCreate = linker.downcallHandle(linker.defaultLookup().find("memfd_create").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        MethodHandle ftruncate = linker.downcallHandle(linker.defaultLookup().find("ftruncate").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ValueLayout.JAVA_LONG));
        MethodHandle close = linker.downcallHandle(linker.defaultLookup().find("close").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) memfdCreate.invokeExact(arena.allocateFrom("saffron-not-a-dma-buf"), 0);
            assertTrue(fd >= 0);
            try {
                assertEquals(0, (int) ftruncate.invokeExact(fd, 64L * 64 * 4));
                int[] attributes = DmaBufAttributes.of(64, 64, XRGB8888, fd, 0, 256, DmaBufAttributes.MODIFIER_INVALID,
                        EglImageTexture.takesModifiers(egl));
                EglImageTexture.ImportException refused = assertThrows(EglImageTexture.ImportException.class,
                        () -> EglImageTexture.importDmaBuf(egl, attributes).close());
                assertTrue(refused.getMessage().contains("EGL error"), refused.getMessage());
            } finally {
                int ignored = (int) close.invokeExact(fd);
            }
        }
    }
}
