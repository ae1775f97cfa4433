package dev.clusterlog.runtime.manifest;

import dev.clusterlog.runtime.manifest.PodManifest.ContainerSpec;
import dev.clusterlog.runtime.manifest.PodManifest.RestartPolicy;
import dev.clusterlog.runtime.manifest.PodManifest.VolumeMount;
import dev.clusterlog.runtime.manifest.PodManifest.VolumeSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a file of YAML or JSON documents (JSON is YAML) holding exactly one {@code Pod} and any
 * number of {@code ConfigMap}s that its {@code configMap} volumes refer to, and validates what the
 * local runtime needs. Every error names the file, the document (1-based) and the field path, and
 * says what was expected, as {@code kubectl apply} does. Stateless and thread-safe.
 */
public final class PodManifestParser {
    /** Kubernetes' DNS-1123 label rule for container and volume names. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    /** Parses {@code text}; {@code fileName} is only used in messages. */
    public PodManifest parse(String fileName, String text) throws ManifestException {
        List<Object> documents = new ArrayList<>();
        try {
            for (Object doc : new Load(LoadSettings.builder().setLabel(fileName).build()).loadAllFromString(text)) {
                documents.add(doc);
            }
        } catch (YamlEngineException e) {
            throw new ManifestException(fileName + ": not valid YAML or JSON: "
                    + e.getMessage().replace('\n', ' ').replaceAll(" +", " ").trim());
        }
        ManifestNode pod = null;
        Map<String, ManifestNode> configMaps = new LinkedHashMap<>();
        for (int i = 0; i < documents.size(); i++) {
            if (documents.get(i) == null) {
                continue; // an empty document, e.g. after a trailing "---"
            }
            ManifestNode doc = new ManifestNode(fileName + ": document " + (i + 1), "", documents.get(i));
            String kind = doc.field("kind").requiredString();
            switch (kind) {
                case "Pod" -> {
                    if (pod != null) {
                        throw doc.field("kind").error("a second Pod: expected exactly one Pod per file");
                    }
                    pod = doc;
                }
                case "ConfigMap" -> configMaps.put(doc.field("metadata").field("name").requiredString(), doc);
                default -> throw doc.field("kind").error("unsupported kind \"" + kind
                        + "\": expected Pod or ConfigMap");
            }
        }
        if (pod == null) {
            throw new ManifestException(fileName + ": no Pod: expected a document with kind: Pod");
        }
        return parsePod(pod, configMaps);
    }

    private PodManifest parsePod(ManifestNode pod, Map<String, ManifestNode> configMaps) throws ManifestException {
        ManifestNode meta = pod.field("metadata");
        String name = meta.field("name").requiredString();
        String namespace = meta.field("namespace").string();
        String uid = meta.field("uid").string();
        ManifestNode spec = pod.field("spec");
        if (spec.map() == null) {
            throw spec.error("is required: expected a mapping with containers");
        }
        Map<String, VolumeSpec> volumes = new LinkedHashMap<>();
        for (ManifestNode v : spec.field("volumes").list()) {
            VolumeSpec volume = parseVolume(v, configMaps);
            if (volumes.putIfAbsent(volume.name(), volume) != null) {
                throw v.field("name").error("duplicate volume name \"" + volume.name() + "\"");
            }
        }
        Set<String> containerNames = new HashSet<>();
        List<ContainerSpec> init = parseContainers(spec.field("initContainers"), volumes, containerNames);
        ManifestNode containersNode = spec.field("containers");
        if (containersNode.list().isEmpty()) {
            throw containersNode.error("is required: expected at least one container");
        }
        List<ContainerSpec> containers = parseContainers(containersNode, volumes, containerNames);
        return new PodManifest(
                namespace == null || namespace.isEmpty() ? "default" : namespace,
                name,
                uid == null || uid.isEmpty() ? UUID.randomUUID().toString() : uid,
                meta.field("labels").stringMap(),
                meta.field("annotations").stringMap(),
                parseRestartPolicy(spec.field("restartPolicy")),
                spec.field("terminationGracePeriodSeconds").nonNegativeLong(PodManifest.DEFAULT_GRACE_SECONDS),
                init,
                containers,
                volumes);
    }

    private static RestartPolicy parseRestartPolicy(ManifestNode node) throws ManifestException {
        String s = node.string();
        if (s == null) {
            return RestartPolicy.ALWAYS;
        }
        for (RestartPolicy p : RestartPolicy.values()) {
            if (p.manifestName().equals(s)) {
                return p;
            }
        }
        throw node.error("unsupported value \"" + s + "\": expected Always, OnFailure or Never");
    }

    private List<ContainerSpec> parseContainers(ManifestNode list, Map<String, VolumeSpec> volumes,
            Set<String> names) throws ManifestException {
        List<ContainerSpec> out = new ArrayList<>();
        for (ManifestNode c : list.list()) {
            ManifestNode nameNode = c.field("name");
            String name = nameNode.requiredString();
            if (!DNS_LABEL.matcher(name).matches() || name.length() > 63) {
                throw nameNode.error("invalid name \"" + name
                        + "\": expected a DNS-1123 label (lower case letters, digits, '-', at most 63)");
            }
            if (!names.add(name)) {
                throw nameNode.error("duplicate container name \"" + name + "\"");
            }
            List<String> command = c.field("command").strings();
            List<String> args = c.field("args").strings();
            if (command.isEmpty() && args.isEmpty()) {
                throw c.error("command or args is required: images are not run, so the command line must be"
                        + " in the manifest");
            }
            out.add(new ContainerSpec(name, command, args, parseEnv(c.field("env")),
                    c.field("workingDir").string(), parseMounts(c.field("volumeMounts"), volumes)));
        }
        return out;
    }

    private static Map<String, String> parseEnv(ManifestNode env) throws ManifestException {
        Map<String, String> out = new LinkedHashMap<>();
        for (ManifestNode e : env.list()) {
            String name = e.field("name").requiredString();
            if (!ENV_NAME.matcher(name).matches()) {
                throw e.field("name").error("invalid environment variable name \"" + name + "\"");
            }
            if (!e.field("valueFrom").isMissing()) {
                throw e.field("valueFrom").error("is not supported by the local runtime: expected value");
            }
            String value = e.field("value").string();
            out.put(name, value == null ? "" : value);
        }
        return out;
    }

    private static List<VolumeMount> parseMounts(ManifestNode mounts, Map<String, VolumeSpec> volumes)
            throws ManifestException {
        List<VolumeMount> out = new ArrayList<>();
        for (ManifestNode m : mounts.list()) {
            String name = m.field("name").requiredString();
            if (!volumes.containsKey(name)) {
                throw m.error("volume \"" + name + "\" is not defined in spec.volumes");
            }
            String mountPath = m.field("mountPath").requiredString();
            if (!mountPath.startsWith("/")) {
                throw m.field("mountPath").error("\"" + mountPath + "\": expected an absolute path");
            }
            String subPath = m.field("subPath").string();
            if (subPath != null && (subPath.startsWith("/") || List.of(subPath.split("/")).contains(".."))) {
                throw m.field("subPath").error("\"" + subPath + "\": expected a relative path without '..'");
            }
            out.add(new VolumeMount(name, mountPath, m.field("readOnly").bool(false),
                    subPath == null || subPath.isEmpty() ? null : subPath));
        }
        return out;
    }

    private static VolumeSpec parseVolume(ManifestNode v, Map<String, ManifestNode> configMaps)
            throws ManifestException {
        ManifestNode nameNode = v.field("name");
        String name = nameNode.requiredString();
        if (!DNS_LABEL.matcher(name).matches()) {
            throw nameNode.error("invalid name \"" + name + "\": expected a DNS-1123 label");
        }
        if (v.field("emptyDir").map() != null || isPresent(v, "emptyDir")) {
            return new VolumeSpec(name, VolumeSpec.Kind.EMPTY_DIR, null, null, Map.of(), false, false);
        }
        if (v.field("hostPath").map() != null) {
            String path = v.field("hostPath").field("path").requiredString();
            return new VolumeSpec(name, VolumeSpec.Kind.HOST_PATH, path, null, Map.of(), false, false);
        }
        ManifestNode cm = v.field("configMap");
        if (cm.map() != null) {
            String cmName = cm.field("name").requiredString();
            boolean optional = cm.field("optional").bool(false);
            ManifestNode doc = configMaps.get(cmName);
            Map<String, byte[]> files = doc == null ? Map.of() : configMapFiles(cm, doc);
            return new VolumeSpec(name, VolumeSpec.Kind.CONFIG_MAP, null, cmName, files, doc != null, optional);
        }
        throw v.error("unsupported volume source: expected emptyDir, configMap or hostPath");
    }

    private static boolean isPresent(ManifestNode parent, String field) throws ManifestException {
        return parent.map() != null && parent.map().containsKey(field);
    }

    /** The ConfigMap's keys as files, or only the {@code items} the volume selects. */
    private static Map<String, byte[]> configMapFiles(ManifestNode volume, ManifestNode configMap)
            throws ManifestException {
        Map<String, byte[]> all = new LinkedHashMap<>();
        configMap.field("data").stringMap().forEach((k, val) -> all.put(k, val.getBytes(StandardCharsets.UTF_8)));
        ManifestNode binary = configMap.field("binaryData");
        for (Map.Entry<String, String> e : binary.stringMap().entrySet()) {
            try {
                all.put(e.getKey(), Base64.getDecoder().decode(e.getValue()));
            } catch (IllegalArgumentException bad) {
                throw binary.field(e.getKey()).error("expected base64 data");
            }
        }
        List<ManifestNode> items = volume.field("items").list();
        if (items.isEmpty()) {
            return all;
        }
        Map<String, byte[]> selected = new LinkedHashMap<>();
        for (ManifestNode item : items) {
            String key = item.field("key").requiredString();
            String path = item.field("path").requiredString();
            if (!all.containsKey(key)) {
                throw item.field("key").error("key \"" + key + "\" is not in ConfigMap \""
                        + configMap.field("metadata").field("name").string() + "\"");
            }
            if (path.startsWith("/") || List.of(path.split("/")).contains("..")) {
                throw item.field("path").error("\"" + path + "\": expected a relative path without '..'");
            }
            selected.put(path, all.get(key));
        }
        return selected;
    }
}
