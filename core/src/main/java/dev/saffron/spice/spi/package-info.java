/**
 * Service interfaces that optional modules implement and core finds through {@link java.util.ServiceLoader}:
 * file-descriptor access, unix sockets that receive passed descriptors (GL scanouts), a native JPEG decoder,
 * native video decoders and lazily mapped surface memory, all provided by {@code saffron-native-bindings}, and
 * Opus codecs, from {@code saffron-native-bindings} (libopus) and {@code saffron-audio} (pure Java). A session
 * without an implementation still works, with core's built-in fallback or without the feature.
 */
package dev.saffron.spice.spi;
