package dev.saffron.spice;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * One file being copied to the guest through its agent (spice-gtk's {@code SpiceFileTransferTask}). Start
 * transfers with {@link MainChannel#copyFiles}; progress arrives as
 * {@link MainChannelListener#fileTransferProgress}. Thread-safe.
 */
public interface FileTransferTask {
    /** @return the transfer's id, unique within the session */
    long id();

    /** @return the local file being sent */
    Path file();

    /** @return the name the guest gets: the file's last path element */
    String fileName();

    /** @return the file's size in bytes, as found when the transfer started */
    long totalBytes();

    /** @return how many bytes were handed to the connection so far */
    long transferredBytes();

    /** @return {@link #transferredBytes()} as a fraction of {@link #totalBytes()}, 0 to 1 */
    default double progress() {
        long total = totalBytes();
        return total == 0 ? (isDone() ? 1 : 0) : (double) transferredBytes() / total;
    }

    /**
     * Stops the transfer and tells the agent, which deletes what it wrote. The task fails with
     * {@link FileTransferException.Reason#CANCELLED}. Does nothing once the task is done.
     */
    void cancel();

    /** @return whether the transfer succeeded, failed or was cancelled */
    default boolean isDone() {
        return completion().isDone();
    }

    /**
     * @return completes when the agent confirmed the file, or fails with a {@link FileTransferException}
     *         saying why not
     */
    CompletableFuture<Void> completion();
}
