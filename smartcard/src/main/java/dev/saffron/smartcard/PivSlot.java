package dev.saffron.smartcard;

/** The PIV key slots a software card fills, in the order its credentials are given (SP 800-73-4, part 1). */
enum PivSlot {
    /** PIV Authentication: logging in. */
    AUTHENTICATION(0x9A, 0x5FC105, false),
    /** Digital Signature: the PIN must be given again before every use ("PIN Always"). */
    SIGNATURE(0x9C, 0x5FC10A, true),
    /** Key Management: decryption and key agreement. */
    KEY_MANAGEMENT(0x9D, 0x5FC10B, false);

    private final int keyReference;
    private final int certificateTag;
    private final boolean pinEveryUse;

    PivSlot(int keyReference, int certificateTag, boolean pinEveryUse) {
        this.keyReference = keyReference;
        this.certificateTag = certificateTag;
        this.pinEveryUse = pinEveryUse;
    }

    /** @return the key reference, GENERAL AUTHENTICATE's P2 */
    int keyReference() {
        return keyReference;
    }

    /** @return the tag of the data object that holds the slot's certificate */
    int certificateTag() {
        return certificateTag;
    }

    /** @return whether a use of the key spends the PIN verification */
    boolean pinEveryUse() {
        return pinEveryUse;
    }
}
