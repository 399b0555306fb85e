package dev.saffron.audio;

import dev.saffron.spice.PcmFormat;

import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.BooleanControl;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;
import java.io.IOException;

/**
 * The system's default capture device ({@code javax.sound.sampled}) as the guest's microphone. When the device's
 * own mute control is on, nothing is sent, as spice-gtk stops sending for a muted source. A machine without a
 * capture device gets a clear log line from {@link dev.saffron.spice.SessionAudio} and the session goes on.
 */
public final class MicrophoneSource extends CaptureSource {
    public MicrophoneSource() {
        super("microphone");
    }

    @Override
    Capture open(PcmFormat format) throws IOException {
        TargetDataLine line;
        try {
            line = AudioSystem.getTargetDataLine(LineOutput.audioFormat(format));
            line.open(LineOutput.audioFormat(format), (int) format.framesIn(PERIOD) * format.bytesPerFrame() * 4);
            line.start();
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new IOException("no capture device for " + format.channels() + " channels at "
                    + format.sampleRate() + " Hz (" + e.getMessage() + ")", e);
        }
        BooleanControl mute = line.isControlSupported(BooleanControl.Type.MUTE)
                ? (BooleanControl) line.getControl(BooleanControl.Type.MUTE) : null;
        return new Capture() {
            private byte[] bytes = new byte[0];

            @Override
            public boolean read(short[] samples, int frames) throws IOException {
                int length = frames * format.bytesPerFrame();
                if (bytes.length < length) {
                    bytes = new byte[length];
                }
                int filled = 0;
                while (filled < length) {
                    int read = line.read(bytes, filled, length - filled);
                    if (read <= 0) {
                        throw new IOException("the capture device closed");
                    }
                    filled += read;
                }
                for (int i = 0; i < length / 2; i++) {
                    samples[i] = (short) ((bytes[2 * i] & 0xFF) | bytes[2 * i + 1] << 8);
                }
                return mute == null || !mute.getValue();
            }

            @Override
            public void close() {
                line.stop();
                line.close();
            }
        };
    }
}
