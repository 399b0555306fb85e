/**
 * Service interfaces that optional Saffron modules implement for core, found with
 * {@link java.util.ServiceLoader}: today file-descriptor access ({@link dev.saffron.spice.spi.FileDescriptorAccess}),
 * which {@code saffron-native-bindings} provides.
 */
package dev.saffron.spice.spi;
