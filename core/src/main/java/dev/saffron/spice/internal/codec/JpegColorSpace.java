package dev.saffron.spice.internal.codec;

/** How the samples of a JPEG's components are to be read, decided from its markers as libjpeg does. */
public enum JpegColorSpace {
    /** One component: luminance, shown as grey. */
    GRAY,
    /** Three components: Y, Cb, Cr, converted to RGB with the JFIF equations. */
    YCBCR,
    /** Three components that are red, green and blue already. */
    RGB
}
