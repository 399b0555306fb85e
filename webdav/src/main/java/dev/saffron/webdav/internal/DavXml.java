package dev.saffron.webdav.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * XML request bodies and the pieces of XML responses. A body is read up to a limit before it is parsed, and
 * parsed without document type declarations or external entities, so a body can neither expand nor reach
 * files.
 */
final class DavXml {
    static final String DAV = "DAV:";
    static final int MAX_BODY = 1024 * 1024;

    private DavXml() {
    }

    /** @return the parsed body, or null when the request has none */
    static Document parse(HttpRequest request) throws IOException, HttpException {
        if (!request.hasBody()) {
            return null;
        }
        byte[] bytes = request.body().readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new HttpException(413, "an XML body larger than " + MAX_BODY + " bytes", true);
        }
        if (bytes.length == 0) {
            return null;
        }
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            // The JDK's default handler prints every error on standard error; a bad body is the guest's problem.
            builder.setErrorHandler(new DefaultHandler());
            return builder.parse(new ByteArrayInputStream(bytes));
        } catch (SAXException e) {
            throw new HttpException(400, "the XML body is not well-formed: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be set up safely", e);
        }
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory;
    }

    static boolean is(Node node, String namespace, String local) {
        return node instanceof Element element && namespace.equals(element.getNamespaceURI())
                && local.equals(element.getLocalName());
    }

    /** @return the element children of {@code parent}, in order */
    static List<Element> children(Node parent) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element) {
                found.add(element);
            }
        }
        return found;
    }

    static String namespaceOf(Element element) {
        String namespace = element.getNamespaceURI();
        return namespace == null ? "" : namespace;
    }

    /** @return the element's content as XML text, with the namespace declarations its elements need */
    static String inner(Element element) {
        StringBuilder out = new StringBuilder();
        NodeList nodes = element.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            switch (node.getNodeType()) {
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> out.append(escape(node.getNodeValue()));
                case Node.ELEMENT_NODE -> out.append(serialize(node));
                default -> { }
            }
        }
        return out.toString();
    }

    private static String serialize(Node node) {
        try {
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter text = new StringWriter();
            transformer.transform(new DOMSource(node), new StreamResult(text));
            return text.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("a parsed element cannot be written back", e);
        }
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\r' -> out.append("&#13;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** @return an element for a property name: {@code D:} for DAV:, a declared prefix otherwise */
    static String open(DeadProperties.Name name) {
        if (name.namespace().equals(DAV)) {
            return "<D:" + name.local() + ">";
        }
        if (name.namespace().isEmpty()) {
            return "<" + name.local() + " xmlns=\"\">";
        }
        return "<P:" + name.local() + " xmlns:P=\"" + escape(name.namespace()) + "\">";
    }

    static String close(DeadProperties.Name name) {
        if (name.namespace().equals(DAV)) {
            return "</D:" + name.local() + ">";
        }
        if (name.namespace().isEmpty()) {
            return "</" + name.local() + ">";
        }
        return "</P:" + name.local() + ">";
    }

    static String empty(DeadProperties.Name name) {
        String open = open(name);
        return open.substring(0, open.length() - 1) + "/>";
    }
}
