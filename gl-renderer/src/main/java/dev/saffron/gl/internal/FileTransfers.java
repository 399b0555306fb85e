package dev.saffron.gl.internal;

import dev.saffron.spice.FileTransferException;
import dev.saffron.spice.FileTransferTask;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * The file transfers the window started from dropped files: their joint progress for the progress bar and the
 * title, and the first failure of the latest batch, until more files are dropped. A batch lasts until all its
 * tasks are done; files dropped meanwhile join it. Window thread only.
 */
public final class FileTransfers {
    private final List<FileTransferTask> batch = new ArrayList<>();
    private String failure;

    /** Files were dropped and these tasks started. */
    public void started(List<FileTransferTask> tasks) {
        if (batch.isEmpty()) {
            failure = null;
        }
        batch.addAll(tasks);
    }

    /** A drop that could not start at all, such as one with no agent connected. */
    public void failedToStart(String reason) {
        if (batch.isEmpty()) {
            failure = reason;
        }
    }

    /** @return whether some transfer of the batch still runs */
    public boolean running() {
        return batch.stream().anyMatch(task -> !task.isDone());
    }

    /**
     * Ends the batch once every task is done, keeping its first failure that was not a cancel.
     *
     * @return whether the batch just ended
     */
    public boolean settle() {
        if (batch.isEmpty() || running()) {
            return false;
        }
        for (FileTransferTask task : batch) {
            Optional<String> reason = failureOf(task);
            if (reason.isPresent() && failure == null) {
                failure = task.fileName() + ": " + reason.get();
            }
        }
        batch.clear();
        return true;
    }

    /** @return the batch's bytes sent as a fraction of its bytes, while it runs */
    public OptionalDouble progress() {
        if (!running()) {
            return OptionalDouble.empty();
        }
        long total = 0;
        long sent = 0;
        for (FileTransferTask task : batch) {
            total += task.totalBytes();
            sent += task.isDone() ? task.totalBytes() : Math.min(task.transferredBytes(), task.totalBytes());
        }
        return OptionalDouble.of(total == 0 ? 0 : (double) sent / total);
    }

    /** @return what the title says: the running batch's progress, else the last batch's failure, else nothing */
    public Optional<String> status() {
        OptionalDouble progress = progress();
        if (progress.isPresent()) {
            long files = batch.stream().filter(task -> !task.isDone()).count();
            return Optional.of("sending " + files + (files == 1 ? " file: " : " files: ")
                    + (int) Math.floor(progress.getAsDouble() * 100) + "%");
        }
        return Optional.ofNullable(failure).map(reason -> "file transfer failed: " + reason);
    }

    /** Cancels every running transfer: the user asked, or the window goes away. */
    public void cancelAll() {
        for (FileTransferTask task : batch) {
            task.cancel();
        }
    }

    private static Optional<String> failureOf(FileTransferTask task) {
        if (!task.completion().isCompletedExceptionally()) {
            return Optional.empty();
        }
        try {
            task.completion().join();
            return Optional.empty();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof FileTransferException transfer
                    && transfer.reason() == FileTransferException.Reason.CANCELLED) {
                return Optional.empty();
            }
            return Optional.of(String.valueOf(cause.getMessage()));
        } catch (CancellationException e) {
            return Optional.empty();
        }
    }
}
