/**
 * deploy/kubernetes and docker-compose.yml, checked without a cluster or a
 * Docker engine: every manifest validates against the Kubernetes OpenAPI
 * schemas (kubernetes-models, compiled ajv validators; they check types,
 * enums and required fields, not unknown field names, so the properties
 * below name every field they rely on), and the security settings hold as
 * properties of the rendered output.
 *
 * Rendering: the base uses no kustomize generators, patches or transformers,
 * so its resources ARE its rendered output. `render()` below applies the few
 * kustomization fields the overlays use (resources, components, namespace,
 * images) and fails on any other field, rather than pretending to be kustomize.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const HERE = import.meta.dirname;
const BASE = join(HERE, 'kubernetes');
const REPO = join(HERE, '..');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;

/** apiVersion/kind → the schema-validated model. */
const MODELS: Record<string, new (data: Doc) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment as never,
  'v1/Service': Service as never,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget as never,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler as never,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy as never,
  'networking.k8s.io/v1/Ingress': Ingress as never,
};

const SUPPORTED_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'components', 'namespace', 'images']);

function readYamlDocuments(file: string): Doc[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => {
    if (d.errors.length) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
    return d.toJS() as Doc;
  }).filter(Boolean);
}

/** The documents a kustomization directory renders to (see the file comment for what is supported). */
function render(dir: string, kind: 'Kustomization' | 'Component' = 'Kustomization'): Doc[] {
  const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Doc;
  expect(kustomization.kind, `${dir}/kustomization.yaml`).toBe(kind);
  expect(kustomization.apiVersion).toBe(kind === 'Component' ? 'kustomize.config.k8s.io/v1alpha1' : 'kustomize.config.k8s.io/v1beta1');
  for (const field of Object.keys(kustomization)) {
    if (!SUPPORTED_FIELDS.has(field)) throw new Error(`${dir}/kustomization.yaml uses "${field}", which this test's renderer does not apply; extend render() or check it with kustomize`);
  }
  const docs: Doc[] = [];
  for (const entry of (kustomization.resources ?? []) as string[]) {
    const path = resolve(dir, entry);
    docs.push(...(statSync(path).isDirectory() ? render(path) : readYamlDocuments(path)));
  }
  for (const entry of (kustomization.components ?? []) as string[]) docs.push(...render(resolve(dir, entry), 'Component'));
  const rendered = structuredClone(docs);
  if (kustomization.namespace) for (const doc of rendered) doc.metadata = { ...doc.metadata, namespace: kustomization.namespace };
  for (const image of (kustomization.images ?? []) as Array<{ name: string; newName?: string; newTag?: string }>) {
    for (const doc of rendered) {
      for (const container of [...(doc.spec?.template?.spec?.containers ?? []), ...(doc.spec?.template?.spec?.initContainers ?? [])] as Doc[]) {
        const [name, tag] = String(container.image).split(/:(?=[^/]*$)/);
        if (name === image.name) container.image = `${image.newName ?? name}:${image.newTag ?? tag}`;
      }
    }
  }
  return rendered;
}

const key = (doc: Doc) => `${doc.apiVersion}/${doc.kind}`;
const one = (docs: Doc[], kind: string): Doc => {
  const found = docs.filter((d) => d.kind === kind);
  expect(found.map((d) => d.metadata?.name), kind).toHaveLength(1);
  return found[0] as Doc;
};
const selects = (selector: Doc | undefined, labels: Doc | undefined) =>
  !!selector?.matchLabels && Object.keys(selector.matchLabels).length > 0 && Object.entries(selector.matchLabels).every(([k, v]) => labels?.[k] === v) && !selector.matchExpressions;

const base = render(BASE);
const overlay = render(join(BASE, 'overlays', 'example'));

describe.each([
  ['the base', base],
  ['the example overlay (namespace, image, TLS Ingress)', overlay],
])('Kubernetes: %s', (_name, docs) => {
  it('validates every manifest against the Kubernetes schemas', () => {
    expect(docs.length).toBeGreaterThanOrEqual(5);
    for (const doc of docs) {
      const Model = MODELS[key(doc)];
      if (!Model) throw new Error(`no schema model for ${key(doc)} (${doc.metadata?.name})`);
      expect(() => new Model(doc).validate(), `${key(doc)} ${doc.metadata?.name}`).not.toThrow();
    }
  });

  it('runs every container non-root, read-only, without capabilities or privilege escalation, under RuntimeDefault seccomp', () => {
    const deployment = one(docs, 'Deployment');
    const pod = deployment.spec.template.spec as Doc;
    expect(deployment.spec.replicas).toBe(2);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.enableServiceLinks).toBe(false);
    expect(pod.hostNetwork ?? false).toBe(false);
    expect(pod.hostPID ?? false).toBe(false);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 101, seccompProfile: { type: 'RuntimeDefault' } });
    const containers = [...pod.containers, ...(pod.initContainers ?? [])] as Doc[];
    expect(containers.length).toBeGreaterThan(0);
    for (const c of containers) {
      const sc = c.securityContext as Doc;
      expect(sc, c.name).toMatchObject({ runAsNonRoot: true, runAsUser: 101, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false, seccompProfile: { type: 'RuntimeDefault' } });
      expect(sc.capabilities?.drop, c.name).toEqual(['ALL']);
      expect(sc.capabilities?.add ?? [], c.name).toEqual([]);
      expect(c.resources?.requests?.cpu && c.resources?.requests?.memory && c.resources?.limits?.cpu && c.resources?.limits?.memory, `${c.name} requests and limits`).toBeTruthy();
      // /tmp is the only writable place nginx needs: an emptyDir.
      const tmp = (c.volumeMounts as Doc[]).find((m) => m.mountPath === '/tmp');
      expect(tmp, `${c.name} mounts /tmp`).toBeDefined();
      const volume = (pod.volumes as Doc[]).find((v) => v.name === tmp?.name);
      expect(volume?.emptyDir, 'the /tmp volume is an emptyDir').toBeDefined();
    }
  });

  it('probes /healthz on the container port; the Service sends traffic to that port', () => {
    const deployment = one(docs, 'Deployment');
    const [container] = deployment.spec.template.spec.containers as Doc[];
    const ports = container?.ports as Doc[];
    expect(ports.map((p) => [p.containerPort, p.protocol])).toEqual([[8080, 'TCP']]);
    const portOf = (ref: number | string) => (typeof ref === 'number' ? ref : ports.find((p) => p.name === ref)?.containerPort);
    for (const probe of ['livenessProbe', 'readinessProbe']) {
      expect(container?.[probe]?.httpGet?.path, probe).toBe('/healthz');
      expect(portOf(container?.[probe]?.httpGet?.port), probe).toBe(8080);
    }
    if (container?.startupProbe) expect(portOf(container.startupProbe.httpGet.port)).toBe(8080);
    const service = one(docs, 'Service');
    expect(selects(service.spec.selector ? { matchLabels: service.spec.selector } : undefined, deployment.spec.template.metadata.labels)).toBe(true);
    expect((service.spec.ports as Doc[]).map((p) => portOf(p.targetPort))).toEqual([8080]);
    expect(selects(deployment.spec.selector, deployment.spec.template.metadata.labels)).toBe(true);
  });

  it('denies all egress and admits ingress only on TCP 8080, for exactly the Deployment\'s pods', () => {
    const deployment = one(docs, 'Deployment');
    const policy = one(docs, 'NetworkPolicy');
    expect(selects(policy.spec.podSelector, deployment.spec.template.metadata.labels), 'the policy selects the pods').toBe(true);
    expect([...policy.spec.policyTypes].sort()).toEqual(['Egress', 'Ingress']);
    expect(policy.spec.egress ?? [], 'no egress rule: nothing may leave').toEqual([]);
    expect(policy.spec.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: 8080 }] }]);
    if (policy.metadata.namespace || deployment.metadata.namespace) expect(policy.metadata.namespace).toBe(deployment.metadata.namespace);
  });

  it('keeps a replica through disruptions and scales the Deployment on CPU', () => {
    const deployment = one(docs, 'Deployment');
    const pdb = one(docs, 'PodDisruptionBudget');
    expect(selects(pdb.spec.selector, deployment.spec.template.metadata.labels)).toBe(true);
    expect(pdb.spec.minAvailable).toBeGreaterThanOrEqual(1);
    expect(pdb.spec.minAvailable).toBeLessThan(deployment.spec.replicas);
    const hpa = one(docs, 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBe(deployment.spec.replicas);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    expect(hpa.spec.metrics[0].resource.name).toBe('cpu');
  });
});

describe('Kubernetes: the overlay', () => {
  it('puts everything in its namespace, pins the registry image and adds the TLS Ingress to the Service', () => {
    for (const doc of overlay) expect(doc.metadata.namespace, `${doc.kind} ${doc.metadata.name}`).toBe('imglio');
    expect(one(overlay, 'Deployment').spec.template.spec.containers[0].image).toBe('registry.example.internal/imglio:0.1.0');
    const ingress = one(overlay, 'Ingress');
    const service = one(overlay, 'Service');
    expect(ingress.spec.tls).toEqual([{ hosts: ['imglio.example.internal'], secretName: 'imglio-tls' }]);
    const backend = ingress.spec.rules[0].http.paths[0].backend.service;
    expect(backend.name).toBe(service.metadata.name);
    expect((service.spec.ports as Doc[]).map((p) => p.name)).toContain(backend.port.name);
    expect(one(base, 'Deployment').spec.template.spec.containers[0].image).toBe('imglio:0.1.0');
    expect(base.some((d) => d.kind === 'Ingress'), 'the Ingress is optional: not in the base').toBe(false);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(REPO, 'docker-compose.yml'), 'utf8')) as Doc;
  const services = compose.services as Record<string, Doc>;

  it('runs both containers as user 101, read-only with /tmp on tmpfs, no capabilities, no-new-privileges', () => {
    expect(Object.keys(services).sort()).toEqual(['edge', 'imglio']);
    for (const [name, service] of Object.entries(services)) {
      expect(service.user, name).toBe('101:101');
      expect(service.read_only, name).toBe(true);
      expect((service.tmpfs as string[]).some((t) => t.split(':')[0] === '/tmp'), name).toBe(true);
      expect(service.cap_drop, name).toEqual(['ALL']);
      expect(service.cap_add ?? [], name).toEqual([]);
      expect(service.security_opt, name).toContain('no-new-privileges:true');
      expect(service.privileged ?? false, name).toBe(false);
      expect(service.network_mode, name).toBeUndefined();
      expect(service.deploy?.resources?.limits?.memory, name).toBeTruthy();
    }
  });

  it('gives imglio no way out: only an internal network, no published port, a /healthz health check', () => {
    const imglio = services['imglio'] as Doc;
    expect(imglio.networks).toEqual(['imglio-internal']);
    expect(compose.networks['imglio-internal'].internal).toBe(true);
    expect(imglio.ports).toBeUndefined();
    expect(imglio.healthcheck.test).toEqual(['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8080/healthz']);
    expect(imglio.build).toBe('.');
    // The Dockerfile's own HEALTHCHECK probes the same URL.
    expect(readFileSync(join(REPO, 'Dockerfile'), 'utf8')).toContain('http://127.0.0.1:8080/healthz');
  });

  it('publishes only the edge, which forwards TCP 8080/8443 to imglio and nothing else', () => {
    const edge = services['edge'] as Doc;
    expect(edge.ports).toEqual(['8080:8080', '8443:8443']);
    expect([...edge.networks].sort()).toEqual(['imglio-internal', 'imglio-public']);
    expect(edge.depends_on.imglio.condition).toBe('service_healthy');
    const mount = (edge.volumes as string[]).find((v) => v.endsWith(':/etc/nginx/nginx.conf:ro')) ?? '';
    const conf = readFileSync(join(REPO, dirname(mount.split(':')[0] ?? ''), 'edge.conf'), 'utf8');
    expect(conf).toMatch(/^stream \{/m);
    expect(conf).not.toMatch(/^http \{/m);
    const upstreams = [...conf.matchAll(/set \$\w+ ([\w.-]+:\d+);/g)].map((m) => m[1]);
    expect(upstreams).toEqual(['imglio:8080', 'imglio:8443']);
    expect([...conf.matchAll(/^\s*listen (\d+);/gm)].map((m) => m[1])).toEqual(['8080', '8443']);
  });
});
