package io.vrguard.discovery;

import io.vrguard.protocol.VrKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * KVM/QEMU domains run by libvirt, found without libvirt client libraries: from the cgroup tree (systemd hosts:
 * {@code machine.slice/machine-qemu\x2dN\x2dNAME.scope}, with {@code libvirt/{emulator,vcpuN}} below it since
 * libvirt 7.1 and {@code emulator}/{@code vcpuN} directly below before; hosts without systemd:
 * {@code machine/qemu-N-NAME.libvirt-qemu}), on cgroup v1 and v2, and from the runtime domain XML under
 * {@code RUN/libvirt/qemu/NAME.xml} for the interfaces. The domain's own group (the scope) is the VR's cgroup: it
 * holds vCPU and emulator threads and is where libvirt applies cpu_shares.
 */
public final class LibvirtDiscovery implements VrDiscovery {
    private final CgroupScan scan;
    private final Path xmlDir;

    /** @param cgroupBase directory under each hierarchy root to look below ("" on a real host, e.g. "vrglab") */
    public LibvirtDiscovery(HostRoots roots, String cgroupBase) {
        this.scan = new CgroupScan(CgroupHierarchies.detect(roots.cgroup()), cgroupBase);
        this.xmlDir = roots.run().resolve("libvirt/qemu");
    }

    @Override
    public DiscoveryResult discover() {
        List<String> problems = new ArrayList<>();
        Map<String, String> cgroups = domainCgroups();
        Map<String, Path> xmls = xmlFiles();
        Map<String, DiscoveredVr> found = new LinkedHashMap<>();
        for (var entry : cgroups.entrySet()) {
            String cgroupName = entry.getKey();
            Optional<LibvirtDomainXml> xml = domainXml(cgroupName, xmls, problems);
            String name = xml.map(LibvirtDomainXml::name).orElse(cgroupName);
            add(found, name, xml, entry.getValue(), problems);
        }
        for (var entry : xmls.entrySet()) {
            if (found.containsKey(entry.getKey()) || cgroups.containsKey(entry.getKey())) {
                continue;
            }
            Optional<LibvirtDomainXml> xml = readXml(entry.getValue(), problems);
            xml.ifPresent(x -> add(found, x.name(), xml, null, problems));
        }
        return new DiscoveryResult(List.copyOf(found.values()), problems);
    }

    private void add(Map<String, DiscoveredVr> found, String name, Optional<LibvirtDomainXml> xml,
            String cgroup, List<String> problems) {
        try {
            SafePaths.vrName(name);
            String unit = cgroup == null ? null : Path.of(cgroup).getFileName().toString();
            CgroupPlacement placement = cgroup == null ? CgroupPlacement.NONE
                    : scan.place(cgroup, unit.endsWith(".scope") ? unit : null);
            List<VrInterface> ifs = xml.map(LibvirtDomainXml::interfaces).orElse(List.of());
            found.putIfAbsent(name, new DiscoveredVr(name, VrKind.KVM, "libvirt", NetnsRef.HOST, ifs, placement,
                    name));
        } catch (IllegalArgumentException e) {
            problems.add("libvirt domain '" + name + "' skipped: " + e.getMessage());
        }
    }

    /** Domain name (as derivable from the group name) → relative cgroup path of the domain's group. */
    private Map<String, String> domainCgroups() {
        Map<String, String> result = new LinkedHashMap<>();
        for (String rel : scan.find("machine.slice", 3, d -> CgroupNames.domainOfScope(d).isPresent())) {
            result.putIfAbsent(CgroupNames.domainOfScope(Path.of(rel).getFileName().toString()).get(), rel);
        }
        for (String rel : scan.find("machine", 3, d -> CgroupNames.domainOfPartitionGroup(d).isPresent())) {
            result.putIfAbsent(CgroupNames.domainOfPartitionGroup(Path.of(rel).getFileName().toString()).get(), rel);
        }
        return result;
    }

    private Map<String, Path> xmlFiles() {
        Map<String, Path> result = new LinkedHashMap<>();
        if (!Files.isDirectory(xmlDir)) {
            return result;
        }
        try (Stream<Path> files = Files.list(xmlDir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".xml")).sorted().forEach(f -> {
                String file = f.getFileName().toString();
                result.put(file.substring(0, file.length() - 4), f);
            });
        } catch (IOException e) {
            // no status directory: cgroups alone still name the domains
        }
        return result;
    }

    /** The XML of the domain a cgroup belongs to: same name, or a domain whose sanitised name matches. */
    private Optional<LibvirtDomainXml> domainXml(String cgroupName, Map<String, Path> xmls, List<String> problems) {
        Path exact = xmls.get(cgroupName);
        if (exact != null) {
            return readXml(exact, problems);
        }
        for (var entry : xmls.entrySet()) {
            if (CgroupNames.sanitizeLikeLibvirt(entry.getKey()).equals(cgroupName)) {
                return readXml(entry.getValue(), problems);
            }
        }
        return Optional.empty();
    }

    private static Optional<LibvirtDomainXml> readXml(Path file, List<String> problems) {
        try {
            return Optional.of(LibvirtDomainXml.read(file));
        } catch (IOException | IllegalArgumentException e) {
            problems.add("libvirt status " + file + " unreadable, interfaces unknown: " + e.getMessage());
            return Optional.empty();
        }
    }
}
