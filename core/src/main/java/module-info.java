/**
 * Saffron's SPICE protocol core. Only {@code dev.saffron.spice} is API; every other package is internal
 * and may change without notice.
 */
module dev.saffron.core {
    exports dev.saffron.spice;
}
