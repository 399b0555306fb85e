package dev.saffron.viewer;

import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.Label;
import java.awt.datatransfer.DataFlavor;
import java.awt.datatransfer.Transferable;
import java.awt.datatransfer.UnsupportedFlavorException;
import java.awt.dnd.DnDConstants;
import java.awt.dnd.DragSource;
import java.awt.dnd.DragSourceAdapter;
import java.awt.dnd.DragSourceDragEvent;
import java.awt.dnd.DragSourceDropEvent;
import java.io.File;
import java.util.Arrays;
import java.util.List;

/**
 * A separate program for the window tests: an X window whose label drags the files named on the command line,
 * as a file manager would, through AWT's XDND source. xdotool then drags from it onto the viewer window with
 * real pointer events, so the viewer gets a real X drop. Prints {@code ready} once the window is shown.
 *
 * <p>Usage: {@code FileDragSource X Y FILE...}: the window's position on the screen.
 */
final class FileDragSource {
    static final int WIDTH = 200;
    static final int HEIGHT = 120;

    private FileDragSource() {
    }

    public static void main(String[] args) throws Exception {
        int x = Integer.parseInt(args[0]);
        int y = Integer.parseInt(args[1]);
        List<File> files = Arrays.stream(args, 2, args.length).map(File::new).toList();
        EventQueue.invokeAndWait(() -> {
            Frame frame = new Frame("saffron-drag-source");
            frame.setUndecorated(true);
            Label label = new Label("drag me");
            frame.add(label);
            frame.setBounds(x, y, WIDTH, HEIGHT);
            DragSource.getDefaultDragSource().createDefaultDragGestureRecognizer(label, DnDConstants.ACTION_COPY,
                    gesture -> {
                        System.err.println("drag started");
                        gesture.startDrag(DragSource.DefaultCopyDrop, new FileList(files), new Report());
                    });
            frame.setVisible(true);
        });
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Says on standard error how the drag went, for the test's failure messages. */
    private static final class Report extends DragSourceAdapter {
        @Override
        public void dragEnter(DragSourceDragEvent event) {
            System.err.println("over a drop target");
        }

        @Override
        public void dragDropEnd(DragSourceDropEvent event) {
            System.err.println("drop ended, success " + event.getDropSuccess());
        }
    }

    private record FileList(List<File> files) implements Transferable {
        @Override
        public DataFlavor[] getTransferDataFlavors() {
            return new DataFlavor[]{DataFlavor.javaFileListFlavor};
        }

        @Override
        public boolean isDataFlavorSupported(DataFlavor flavor) {
            return DataFlavor.javaFileListFlavor.equals(flavor);
        }

        @Override
        public Object getTransferData(DataFlavor flavor) throws UnsupportedFlavorException {
            if (!isDataFlavorSupported(flavor)) {
                throw new UnsupportedFlavorException(flavor);
            }
            return files;
        }
    }
}
