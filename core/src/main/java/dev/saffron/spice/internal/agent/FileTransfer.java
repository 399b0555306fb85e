package dev.saffron.spice.internal.agent;

import dev.saffron.spice.FileTransferException;
import dev.saffron.spice.FileTransferTask;
import dev.saffron.spice.internal.wire.WireReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One file on its way to the guest. After FILE_XFER_START the agent answers CAN_SEND_DATA; then this task's
 * own virtual thread reads the file in 64 KiB pieces, each sent as a FILE_XFER_DATA message, and reads the
 * next only once the last has left, so no more than one piece is in memory. The agent's final status, a
 * cancel, or the agent leaving completes it.
 */
final class FileTransfer implements FileTransferTask {
    /** spice-gtk's FILE_XFER_CHUNK_SIZE: 32 agent data messages. */
    static final int CHUNK_SIZE = 32 * VdAgent.MAX_DATA_SIZE;
    private static final System.Logger LOG = System.getLogger(FileTransfer.class.getName());

    private final long id;
    private final Path file;
    private final long totalBytes;
    private final AgentSession agent;
    private final CompletableFuture<Void> mayStart = new CompletableFuture<>();
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private volatile long transferredBytes;

    FileTransfer(long id, Path file, long totalBytes, AgentSession agent) {
        this.id = id;
        this.file = file;
        this.totalBytes = totalBytes;
        this.agent = agent;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public String fileName() {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    @Override
    public long totalBytes() {
        return totalBytes;
    }

    @Override
    public long transferredBytes() {
        return transferredBytes;
    }

    @Override
    public void cancel() {
        if (fail(new FileTransferException(FileTransferException.Reason.CANCELLED,
                "the file transfer was cancelled"))) {
            agent.sendFileStatus(id, VdAgent.XFER_CANCELLED);
        }
    }

    @Override
    public CompletableFuture<Void> completion() {
        return completion.copy();
    }

    /** @return the FILE_XFER_START payload: the id, then a GLib key file naming the file, NUL-terminated */
    byte[] startMessage() {
        String keyFile = "[vdagent-file-xfer]\nname=" + escapeKeyFileValue(fileName()) + "\nsize=" + totalBytes + "\n";
        byte[] text = keyFile.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + text.length + 1).order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) id).put(text).put((byte) 0).array();
    }

    /** GLib's key files escape backslashes, line breaks, tabs and a leading space in values. */
    static String escapeKeyFileValue(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case ' ' -> out.append(i == 0 ? "\\s" : " ");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Starts the thread that sends the file once the agent allows. */
    void startSending() {
        Thread.ofVirtual().name("spice-file-transfer-" + id).start(this::send);
    }

    /** The agent's FILE_XFER_STATUS for this transfer; runs on the channel reader. */
    void agentStatus(int result, WireReader detail) {
        if (result == VdAgent.XFER_CAN_SEND_DATA) {
            mayStart.complete(null);
            return;
        }
        if (result == VdAgent.XFER_SUCCESS) {
            finishSuccessfully();
            return;
        }
        fail(AgentStatusError.describe(result, detail, totalBytes));
    }

    /** @return whether this call ended the task */
    boolean fail(FileTransferException error) {
        // Completion first: the sending thread, woken by mayStart, takes a done completion as the reason.
        boolean ended = completion.completeExceptionally(error);
        mayStart.completeExceptionally(error);
        if (ended) {
            agent.transferEnded(this);
            LOG.log(System.Logger.Level.DEBUG, "file transfer {0} failed: {1}", id, error.getMessage());
        }
        return ended;
    }

    private void finishSuccessfully() {
        if (completion.complete(null)) {
            agent.transferEnded(this);
            LOG.log(System.Logger.Level.DEBUG, "file transfer {0} done", id);
        }
    }

    private void send() {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            mayStart.get();
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK_SIZE);
            long sent = 0;
            do {
                buffer.clear().limit((int) Math.min(CHUNK_SIZE, totalBytes - sent));
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer) < 0) {
                        throw new IOException("the file is shorter than the " + totalBytes + " bytes announced");
                    }
                }
                if (completion.isDone()) {
                    return;
                }
                agent.sendFileData(id, buffer.array(), buffer.position()).get();
                sent += buffer.position();
                transferredBytes = sent;
                agent.transferProgress(this, sent);
            } while (sent < totalBytes && !completion.isDone());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new FileTransferException(FileTransferException.Reason.AGENT_DISCONNECTED,
                    "the file transfer was interrupted", -1, -1, e));
        } catch (ExecutionException e) {
            // Cancelled, the agent failed the transfer or left, or the channel closed: completion says which.
            if (!completion.isDone()) {
                fail(new FileTransferException(FileTransferException.Reason.AGENT_DISCONNECTED,
                        "the file transfer's data could not be sent", -1, -1, e.getCause()));
            }
        } catch (IOException e) {
            if (fail(new FileTransferException(FileTransferException.Reason.LOCAL_IO,
                    "reading " + file + " failed: " + e.getMessage(), -1, -1, e))) {
                agent.sendFileStatus(id, VdAgent.XFER_ERROR);
            }
        }
    }
}
