package dev.saffron.spice.internal.channel;

import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.security.InvalidKeyException;
import java.security.spec.InvalidKeySpecException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProblemTextTest {
    @Test
    void anEndedStreamIsTheServerClosingTheConnection() {
        assertEquals("the server closed the connection", ProblemText.of(new EOFException()));
        assertEquals("the server closed the connection", ProblemText.of(new EOFException("12 bytes short")));
    }

    @Test
    void classNamesInFrontOfMessagesAreTakenOff() {
        InvalidKeySpecException wrapped = new InvalidKeySpecException(
                new InvalidKeyException("IOException: DerInputStream.getLength(): lengthTag=127, too big."));
        assertEquals("DerInputStream.getLength(): lengthTag=127, too big.", ProblemText.of(wrapped));
        assertEquals("bad length", ProblemText.withoutClassNames("java.io.IOException: java.lang.Exception: bad length"));
        assertEquals("a dotted.name in the text stays",
                ProblemText.withoutClassNames("a dotted.name in the text stays"));
    }

    @Test
    void aResetSocketIsABrokenConnection() {
        assertEquals("the connection broke (Connection reset)", ProblemText.of(new SocketException("Connection reset")));
        assertEquals("the connection broke", ProblemText.of(new SocketException()));
    }

    @Test
    void aProblemWithoutWordsSaysSo() {
        assertEquals("an unexplained input/output error", ProblemText.of(new IOException()));
        assertEquals("an unexplained input/output error", ProblemText.of(new IOException("java.io.IOException")));
    }
}
