/**
 * Smartcard readers for core's smartcard channel: the host's PC/SC readers through {@code javax.smartcardio},
 * and software cards made from certificates and their keys.
 */
module dev.saffron.smartcard {
    requires transitive dev.saffron.core;
    requires java.smartcardio;

    exports dev.saffron.smartcard;
}
