package dev.saffron.gl.internal;

import dev.saffron.spice.FileTransferException;
import dev.saffron.spice.FileTransferTask;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileTransfersTest {
    private static final class FakeTask implements FileTransferTask {
        final String name;
        final long total;
        long sent;
        final CompletableFuture<Void> completion = new CompletableFuture<>();

        FakeTask(String name, long total) {
            this.name = name;
            this.total = total;
        }

        @Override
        public long id() {
            return name.hashCode();
        }

        @Override
        public Path file() {
            return Path.of(name);
        }

        @Override
        public String fileName() {
            return name;
        }

        @Override
        public long totalBytes() {
            return total;
        }

        @Override
        public long transferredBytes() {
            return sent;
        }

        @Override
        public void cancel() {
            completion.completeExceptionally(new FileTransferException(FileTransferException.Reason.CANCELLED,
                    "cancelled"));
        }

        @Override
        public CompletableFuture<Void> completion() {
            return completion;
        }
    }

    @Test
    void progressCountsTheBytesOfTheWholeBatch() {
        FileTransfers transfers = new FileTransfers();
        FakeTask big = new FakeTask("big", 300);
        FakeTask small = new FakeTask("small", 100);
        transfers.started(List.of(big, small));
        big.sent = 100;
        assertEquals(0.25, transfers.progress().orElseThrow());
        assertEquals(Optional.of("sending 2 files: 25%"), transfers.status());
        small.sent = 100;
        small.completion.complete(null);
        assertEquals(0.5, transfers.progress().orElseThrow());
        assertEquals(Optional.of("sending 1 file: 50%"), transfers.status());
        big.sent = 300;
        big.completion.complete(null);
        assertTrue(transfers.settle());
        assertTrue(transfers.progress().isEmpty());
        assertEquals(Optional.empty(), transfers.status());
    }

    @Test
    void aFailureStaysInTheStatusUntilTheNextDrop() {
        FileTransfers transfers = new FileTransfers();
        FakeTask task = new FakeTask("doc.txt", 10);
        transfers.started(List.of(task));
        assertFalse(transfers.settle(), "still running");
        task.completion.completeExceptionally(new FileTransferException(FileTransferException.Reason.NOT_ENOUGH_SPACE,
                "not enough space in the guest"));
        assertTrue(transfers.settle());
        assertEquals(Optional.of("file transfer failed: doc.txt: not enough space in the guest"), transfers.status());
        FakeTask next = new FakeTask("next", 10);
        transfers.started(List.of(next));
        next.completion.complete(null);
        transfers.settle();
        assertEquals(Optional.empty(), transfers.status());
    }

    @Test
    void cancellingStopsEveryTaskAndIsNoFailure() {
        FileTransfers transfers = new FileTransfers();
        FakeTask one = new FakeTask("one", 10);
        FakeTask two = new FakeTask("two", 10);
        transfers.started(List.of(one, two));
        transfers.cancelAll();
        assertTrue(one.isDone() && two.isDone());
        assertFalse(transfers.running());
        assertTrue(transfers.settle());
        assertEquals(Optional.empty(), transfers.status());
    }

    @Test
    void otherFailuresAreReportedWithTheirMessage() {
        FileTransfers transfers = new FileTransfers();
        FakeTask task = new FakeTask("x", 10);
        transfers.started(List.of(task));
        task.completion.completeExceptionally(new SpiceException(SpiceError.FAILED, "the session ended"));
        transfers.settle();
        assertEquals(Optional.of("file transfer failed: x: the session ended"), transfers.status());
        transfers.failedToStart("not connected");
        assertEquals(Optional.of("file transfer failed: not connected"), transfers.status(),
                "a later drop that cannot start says why");
    }
}
