package dev.saffron.gl.internal;

import dev.saffron.spice.ClipboardType;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Between the agent's clipboard types and the X targets host programs offer and ask for, as spice-gtk maps
 * them: text is {@code UTF8_STRING} and its kin; an image is offered in every lossless format this side can
 * convert to (PNG, BMP, TIFF), JPEG only where the source is JPEG already, and goes unconverted where both
 * sides name the same format. A TIFF alone is offered as TIFF only: TIFF from the other side is never decoded
 * ({@link ClipboardImages#decode}).
 */
final class ClipboardFormats {
    /** Text targets, the preferred first. {@code STRING} is Latin-1; the others are read as UTF-8. */
    static final List<String> TEXT_TARGETS = List.of("UTF8_STRING", "text/plain;charset=utf-8", "STRING", "TEXT",
            "text/plain");
    private static final Map<String, ClipboardType> IMAGE_TARGETS = Map.of(
            "image/png", ClipboardType.IMAGE_PNG,
            "image/bmp", ClipboardType.IMAGE_BMP,
            "image/x-bmp", ClipboardType.IMAGE_BMP,
            "image/x-ms-bmp", ClipboardType.IMAGE_BMP,
            "image/tiff", ClipboardType.IMAGE_TIFF,
            "image/jpeg", ClipboardType.IMAGE_JPG,
            "image/jpg", ClipboardType.IMAGE_JPG);
    /** Image types by preference when a conversion is needed: lossless and small first. */
    private static final List<ClipboardType> LOSSLESS = List.of(ClipboardType.IMAGE_PNG, ClipboardType.IMAGE_BMP,
            ClipboardType.IMAGE_TIFF);
    /** The formats converted from, in order of preference: TIFF from the other side is never decoded. */
    private static final List<ClipboardType> CONVERTIBLE = List.of(ClipboardType.IMAGE_PNG, ClipboardType.IMAGE_BMP,
            ClipboardType.IMAGE_JPG);

    private ClipboardFormats() {
    }

    /** @return the agent type an X target carries, if any */
    static Optional<ClipboardType> typeOf(String target) {
        if (isText(target)) {
            return Optional.of(ClipboardType.UTF8_TEXT);
        }
        return Optional.ofNullable(IMAGE_TARGETS.get(target.toLowerCase(Locale.ROOT)));
    }

    private static boolean isText(String target) {
        return TEXT_TARGETS.contains(target) || target.equalsIgnoreCase("text/plain;charset=utf-8");
    }

    /** @return the types to offer the guest for what a host program offers */
    static List<ClipboardType> guestTypes(List<String> hostTargets) {
        List<ClipboardType> types = new ArrayList<>();
        boolean image = false;
        boolean convertible = false;
        boolean jpeg = false;
        for (String target : hostTargets) {
            Optional<ClipboardType> type = typeOf(target);
            if (type.isEmpty()) {
                continue;
            }
            if (type.get() == ClipboardType.UTF8_TEXT) {
                if (!types.contains(ClipboardType.UTF8_TEXT)) {
                    types.add(0, ClipboardType.UTF8_TEXT);
                }
            } else {
                image = true;
                convertible |= CONVERTIBLE.contains(type.get());
                jpeg |= type.get() == ClipboardType.IMAGE_JPG;
            }
        }
        if (convertible) {
            types.addAll(LOSSLESS);
            if (jpeg) {
                types.add(ClipboardType.IMAGE_JPG);
            }
        } else if (image) {
            types.add(ClipboardType.IMAGE_TIFF);
        }
        return List.copyOf(types);
    }

    /** @return the host target to read for the guest's request of {@code type}, if the host has one */
    static Optional<String> hostTargetFor(ClipboardType type, List<String> hostTargets) {
        if (type == ClipboardType.UTF8_TEXT) {
            for (String preferred : TEXT_TARGETS) {
                for (String target : hostTargets) {
                    if (target.equalsIgnoreCase(preferred)) {
                        return Optional.of(target);
                    }
                }
            }
            return Optional.empty();
        }
        List<ClipboardType> order = new ArrayList<>(List.of(type));
        order.addAll(CONVERTIBLE);
        for (ClipboardType wanted : order) {
            for (String target : hostTargets) {
                if (typeOf(target).orElse(null) == wanted) {
                    return Optional.of(target);
                }
            }
        }
        return Optional.empty();
    }

    /** @return the X targets to offer host programs for what the guest offers */
    static List<String> hostTargets(List<ClipboardType> guestTypes) {
        List<String> targets = new ArrayList<>();
        boolean convertible = false;
        for (ClipboardType type : guestTypes) {
            if (type == ClipboardType.UTF8_TEXT) {
                targets.addAll(TEXT_TARGETS);
            } else {
                convertible |= CONVERTIBLE.contains(type);
                // The guest's own formats first: they go unconverted.
                addOnce(targets, ClipboardImages.mimeType(type));
            }
        }
        if (convertible) {
            for (ClipboardType type : LOSSLESS) {
                addOnce(targets, ClipboardImages.mimeType(type));
            }
        }
        return List.copyOf(targets);
    }

    private static void addOnce(List<String> targets, String target) {
        if (!targets.contains(target)) {
            targets.add(target);
        }
    }

    /** @return the guest type to request for a host program's target, if the guest offers one that serves */
    static Optional<ClipboardType> guestTypeFor(String hostTarget, List<ClipboardType> guestTypes) {
        Optional<ClipboardType> type = typeOf(hostTarget);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        if (guestTypes.contains(type.get())) {
            return type;
        }
        if (type.get() == ClipboardType.UTF8_TEXT) {
            return Optional.empty();
        }
        return CONVERTIBLE.stream().filter(guestTypes::contains).findFirst();
    }

    /**
     * @param crlf whether the guest ends lines with CR LF
     * @return the host program's contents in the agent's type
     */
    static byte[] toGuest(byte[] data, String hostTarget, ClipboardType type, boolean crlf) throws IOException {
        if (type == ClipboardType.UTF8_TEXT) {
            String text = withoutNul(new String(data, charset(hostTarget))).replace("\r\n", "\n");
            return (crlf ? text.replace("\n", "\r\n") : text).getBytes(StandardCharsets.UTF_8);
        }
        ClipboardType from = typeOf(hostTarget).orElseThrow(() -> new IOException("not an image: " + hostTarget));
        return ClipboardImages.convert(data, from, type);
    }

    /**
     * @param crlf whether the guest ends lines with CR LF
     * @return the guest's contents in the host program's target
     */
    static byte[] toHost(byte[] data, ClipboardType type, String hostTarget, boolean crlf) throws IOException {
        if (type == ClipboardType.UTF8_TEXT) {
            String text = withoutNul(new String(data, StandardCharsets.UTF_8));
            if (crlf) {
                text = text.replace("\r\n", "\n");
            }
            return text.getBytes(charset(hostTarget));
        }
        ClipboardType to = typeOf(hostTarget).orElseThrow(() -> new IOException("not an image: " + hostTarget));
        return ClipboardImages.convert(data, type, to);
    }

    private static Charset charset(String target) {
        return target.equals("STRING") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
    }

    /** A terminating NUL, as some agents and programs send, is no part of the text. */
    private static String withoutNul(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\0') {
            end--;
        }
        return text.substring(0, end);
    }
}
