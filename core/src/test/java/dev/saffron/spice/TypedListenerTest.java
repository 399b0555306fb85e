package dev.saffron.spice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A listener can only be added to the channel type that calls it: the compiler refuses anything else. */
class TypedListenerTest {
    @TempDir
    Path out;

    /** @return the compiler's errors for a class {@code Embedder} with this method body */
    private List<String> errors(String body) {
        String source = "import dev.saffron.spice.*;\nclass Embedder {\n"
                + "    void use(MainChannel main, DisplayChannel display, SpiceChannel any) {\n"
                + body + "\n    }\n}\n";
        URI name = URI.create("string:///Embedder.java");
        JavaFileObject file = new SimpleJavaFileObject(name, JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        compiler.getTask(null, null, diagnostics, List.of("-d", out.toString(), "-classpath",
                System.getProperty("java.class.path")), null, List.of(file)).call();
        return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getLineNumber() + ": " + d.getMessage(null)).toList();
    }

    @Test
    void eachChannelTakesItsOwnListenersAndLifecycleListenersThroughThem() {
        assertEquals(List.of(), errors("""
                        main.addListener(new MainChannelListener() { });
                        display.addListener(new DisplayChannelListener() {
                            @Override
                            public void channelEvent(SpiceChannel channel, ChannelEvent event,
                                                     SpiceException error) {
                            }
                        });
                """));
    }

    @Test
    void aListenerForAnotherChannelTypeDoesNotCompile() {
        List<String> errors = errors("        main.addListener(new DisplayChannelListener() { });");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.getFirst().contains("MainChannelListener"), errors.getFirst());
    }

    @Test
    void aChannelOfUnknownTypeTakesNoListenerAtAll() {
        List<String> errors = errors("        any.addListener(new ChannelListener() { });");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.getFirst().contains("addListener"), errors.getFirst());
    }
}
