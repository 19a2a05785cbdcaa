package io.vrguard.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The parts of libvirt's runtime status file {@code /run/libvirt/qemu/NAME.xml} ({@code <domstatus>} with the live
 * {@code <domain>} inside, or a bare {@code <domain>}) that discovery needs: the domain name and each interface's
 * host device. Tap devices ({@code vnetN}) count from the host's side and are swapped; macvtap is not; hostdev
 * (SR-IOV passthrough) has no host netdev and is skipped. No libvirt library needed.
 */
public record LibvirtDomainXml(String name, Integer pid, List<VrInterface> interfaces) {
    public LibvirtDomainXml {
        interfaces = List.copyOf(interfaces);
    }

    public static LibvirtDomainXml read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        }
    }

    public static LibvirtDomainXml parse(InputStream in) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            doc = builder.parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("malformed domain XML: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        Element domain = "domain".equals(root.getTagName()) ? root : firstChild(root, "domain");
        if (domain == null) {
            throw new IOException("no <domain> element");
        }
        Element nameEl = firstChild(domain, "name");
        if (nameEl == null || nameEl.getTextContent().isBlank()) {
            throw new IOException("domain has no <name>");
        }
        Integer pid = root.hasAttribute("pid") ? parsePid(root.getAttribute("pid")) : null;
        return new LibvirtDomainXml(nameEl.getTextContent().trim(), pid, interfaces(domain));
    }

    private static List<VrInterface> interfaces(Element domain) {
        List<VrInterface> result = new ArrayList<>();
        Element devices = firstChild(domain, "devices");
        if (devices == null) {
            return result;
        }
        NodeList nodes = devices.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element iface && "interface".equals(iface.getTagName())) {
                Element target = firstChild(iface, "target");
                String type = iface.getAttribute("type");
                if (target == null || "hostdev".equals(type) || target.getAttribute("dev").isBlank()) {
                    continue;
                }
                String dev = SafePaths.interfaceName(target.getAttribute("dev"));
                result.add(new VrInterface(dev, NetnsRef.HOST, !"direct".equals(type)));
            }
        }
        return result;
    }

    private static Integer parsePid(String value) {
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Element firstChild(Element parent, String tag) {
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && tag.equals(e.getTagName())) {
                return e;
            }
        }
        return null;
    }
}
