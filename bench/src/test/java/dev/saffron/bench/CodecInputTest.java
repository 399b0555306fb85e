package dev.saffron.bench;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every codec's synthetic input decodes to the screen it was made from, so no benchmark times an error. */
class CodecInputTest {
    @ParameterizedTest
    @EnumSource(Codec.class)
    void syntheticScreensDecodeToTheirSource(Codec codec) throws Exception {
        try (CodecInput input = CodecInput.load(codec, "320x200")) {
            input.check("320x200");
            long frames = codec == Codec.GLZ ? 2 : 1;
            assertEquals(frames * 320 * 200, input.decodeAll());
            assertTrue(input.images().stream().allMatch(image -> image.bytes() > 0));
        }
    }
}
