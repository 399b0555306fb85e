package dev.saffron.spice;

/**
 * Why a GL scanout the server sent cannot be shown ({@link DisplayChannel#glScanoutErrors(GlScanoutError)}).
 * Each is counted and logged; the GL_DRAWs on it are still answered, so the server's guest never waits.
 */
public enum GlScanoutError {
    /** The scanout's marker byte came without a file descriptor. */
    MISSING_DESCRIPTOR,
    /** The descriptor has no size (a pipe, a socket), or is smaller than stride times height. */
    UNUSABLE_DESCRIPTOR,
    /** The stride is smaller than width times 4 bytes. */
    STRIDE_TOO_SMALL,
    /** The DRM fourcc is not one of the 32-bit formats Saffron shows. */
    UNKNOWN_FOURCC,
    /** Width or height is zero or over the session's surface limits. */
    SIZE_OUT_OF_RANGE,
    /**
     * The descriptor is fine for an embedder's import, but cannot be mapped for the CPU copy: the driver refuses,
     * or it is a memfd its producer could shrink (not sealed with {@code F_SEAL_SHRINK}).
     */
    NOT_MAPPABLE
}
