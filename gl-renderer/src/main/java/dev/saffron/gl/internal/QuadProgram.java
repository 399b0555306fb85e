package dev.saffron.gl.internal;

import static org.lwjgl.opengl.GL33C.*;

/**
 * Draws a texture into a rectangle of the framebuffer: one shader program and an empty vertex array, the
 * quad's corners made from the vertex index. Needs a current OpenGL 3.3 core context.
 */
final class QuadProgram implements AutoCloseable {
    private static final String VERTEX = """
            #version 330 core
            uniform vec4 rect;
            uniform bool bottomUp;
            out vec2 uv;
            void main() {
                vec2 corner = vec2(gl_VertexID & 1, gl_VertexID >> 1);
                // Texture row 0 is the picture's top row, drawn at the rectangle's top; GL's own buffers
                // (a scanout without Y0TOP) have it at the bottom.
                uv = vec2(corner.x, bottomUp ? corner.y : 1.0 - corner.y);
                gl_Position = vec4(mix(rect.xy, rect.zw, corner), 0.0, 1.0);
            }
            """;
    private static final String FRAGMENT = """
            #version 330 core
            uniform sampler2D picture;
            in vec2 uv;
            out vec4 color;
            void main() {
                color = texture(picture, uv);
            }
            """;

    private final int program;
    private final int vertexArray;
    private final int rectLocation;
    private final int bottomUpLocation;

    QuadProgram() {
        int vertex = compile(GL_VERTEX_SHADER, VERTEX);
        int fragment = compile(GL_FRAGMENT_SHADER, FRAGMENT);
        program = glCreateProgram();
        glAttachShader(program, vertex);
        glAttachShader(program, fragment);
        glLinkProgram(program);
        glDeleteShader(vertex);
        glDeleteShader(fragment);
        if (glGetProgrami(program, GL_LINK_STATUS) != GL_TRUE) {
            String log = glGetProgramInfoLog(program);
            glDeleteProgram(program);
            throw new IllegalStateException("the OpenGL driver cannot link the viewer's shaders: " + log);
        }
        rectLocation = glGetUniformLocation(program, "rect");
        bottomUpLocation = glGetUniformLocation(program, "bottomUp");
        glUseProgram(program);
        glUniform1i(glGetUniformLocation(program, "picture"), 0);
        vertexArray = glGenVertexArrays();
    }

    private static int compile(int type, String source) {
        int shader = glCreateShader(type);
        glShaderSource(shader, source);
        glCompileShader(shader);
        if (glGetShaderi(shader, GL_COMPILE_STATUS) != GL_TRUE) {
            String log = glGetShaderInfoLog(shader);
            glDeleteShader(shader);
            throw new IllegalStateException("the OpenGL driver cannot compile the viewer's shaders: " + log);
        }
        return shader;
    }

    /**
     * Draws the texture bound to unit 0 into a rectangle given in framebuffer pixels from the top left.
     */
    void draw(double x, double y, double width, double height, int framebufferWidth, int framebufferHeight) {
        draw(x, y, width, height, framebufferWidth, framebufferHeight, false);
    }

    /** As {@link #draw}, for a texture whose row 0 is the picture's bottom when {@code bottomUp}. */
    void draw(double x, double y, double width, double height, int framebufferWidth, int framebufferHeight,
              boolean bottomUp) {
        float left = (float) (2 * x / framebufferWidth - 1);
        float right = (float) (2 * (x + width) / framebufferWidth - 1);
        float top = (float) (1 - 2 * y / framebufferHeight);
        float bottom = (float) (1 - 2 * (y + height) / framebufferHeight);
        glUseProgram(program);
        glUniform4f(rectLocation, left, bottom, right, top);
        glUniform1i(bottomUpLocation, bottomUp ? 1 : 0);
        glBindVertexArray(vertexArray);
        glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    }

    @Override
    public void close() {
        glDeleteVertexArrays(vertexArray);
        glDeleteProgram(program);
    }
}
