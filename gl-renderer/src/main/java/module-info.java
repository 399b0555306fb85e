/** The interactive viewer window: a SPICE session's display drawn with OpenGL in a GLFW window. */
module dev.saffron.gl {
    requires transitive dev.saffron.core;
    requires org.lwjgl;
    requires org.lwjgl.glfw;
    requires org.lwjgl.opengl;
    // Java2D draws the text laid over the picture while a session reconnects (OverlayText).
    requires java.desktop;

    exports dev.saffron.gl;
}
