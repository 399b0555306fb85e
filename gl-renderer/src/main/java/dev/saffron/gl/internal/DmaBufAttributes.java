package dev.saffron.gl.internal;

/**
 * The attribute list of {@code eglCreateImageKHR(display, EGL_NO_CONTEXT, EGL_LINUX_DMA_BUF_EXT, NULL, list)} for
 * a single-plane scanout, as spice-gtk builds it: size and DRM fourcc, then plane 0's descriptor, pitch and
 * offset, then, with {@code EGL_EXT_image_dma_buf_import_modifiers}, the modifier's low and high words. A
 * modifier of DRM_FORMAT_MOD_INVALID (the producer named none, as GL_SCANOUT_UNIX never does) is left out, so
 * the driver applies its implicit layout.
 */
public final class DmaBufAttributes {
    /** DRM_FORMAT_MOD_INVALID. */
    public static final long MODIFIER_INVALID = 0x00FF_FFFF_FFFF_FFFFL;

    private DmaBufAttributes() {
    }

    /**
     * @param modifiers whether the display has {@code EGL_EXT_image_dma_buf_import_modifiers}
     * @return the list, ending with {@link Egl#EGL_NONE}
     */
    public static int[] of(int width, int height, int fourcc, int fd, int offset, int pitch, long modifier,
                           boolean modifiers) {
        boolean withModifier = modifiers && modifier != MODIFIER_INVALID;
        int[] list = new int[withModifier ? 17 : 13];
        int i = 0;
        list[i++] = Egl.EGL_WIDTH;
        list[i++] = width;
        list[i++] = Egl.EGL_HEIGHT;
        list[i++] = height;
        list[i++] = Egl.EGL_LINUX_DRM_FOURCC_EXT;
        list[i++] = fourcc;
        list[i++] = Egl.EGL_DMA_BUF_PLANE0_FD_EXT;
        list[i++] = fd;
        list[i++] = Egl.EGL_DMA_BUF_PLANE0_PITCH_EXT;
        list[i++] = pitch;
        list[i++] = Egl.EGL_DMA_BUF_PLANE0_OFFSET_EXT;
        list[i++] = offset;
        if (withModifier) {
            list[i++] = Egl.EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT;
            list[i++] = (int) modifier;
            list[i++] = Egl.EGL_DMA_BUF_PLANE0_MODIFIER_HI_EXT;
            list[i++] = (int) (modifier >>> 32);
        }
        list[i] = Egl.EGL_NONE;
        return list;
    }
}
