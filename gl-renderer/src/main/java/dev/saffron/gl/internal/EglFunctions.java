package dev.saffron.gl.internal;

import org.lwjgl.system.FunctionProvider;
import org.lwjgl.system.MemoryUtil;

import java.nio.ByteBuffer;

/** LWJGL's OpenGL entry points looked up with {@code eglGetProcAddress}, for a window on an EGL context. */
public final class EglFunctions implements FunctionProvider {
    private final Egl egl;

    public EglFunctions(Egl egl) {
        this.egl = egl;
    }

    @Override
    public long getFunctionAddress(ByteBuffer functionName) {
        return egl.procAddress(MemoryUtil.memASCII(functionName)).address();
    }
}
