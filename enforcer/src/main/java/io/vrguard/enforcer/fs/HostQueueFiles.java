package io.vrguard.enforcer.fs;

import io.vrguard.discovery.SafePaths;
import io.vrguard.enforcer.core.KnobException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Queue files of the host's own namespace, under the configured sys root. */
final class HostQueueFiles implements QueueFiles {
    private final Path sys;

    HostQueueFiles(Path sys) {
        this.sys = sys;
    }

    @Override
    public List<String> queues(String iface, String prefix) throws KnobException {
        Path dir = sys.resolve("class/net").resolve(SafePaths.interfaceName(iface)).resolve("queues");
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix + "-") && QUEUE.matcher(n).matches())
                    .sorted(Comparator.comparingInt(QueueFiles::queueNumber)).toList();
        } catch (IOException e) {
            throw new KnobException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String read(String iface, String queue, String file) throws KnobException {
        return KernelFiles.read(path(iface, queue, file));
    }

    @Override
    public void write(String iface, String queue, String file, String value) throws KnobException {
        KernelFiles.write(path(iface, queue, file), value);
    }

    @Override
    public String method() {
        return "sysfs";
    }

    private Path path(String iface, String queue, String file) {
        QueueFiles.checkNames(queue, file);
        return sys.resolve("class/net").resolve(SafePaths.interfaceName(iface)).resolve("queues").resolve(queue)
                .resolve(file);
    }
}
